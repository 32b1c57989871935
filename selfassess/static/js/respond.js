/* Respondent pages: save each change in the background, say so in a live region.
 *
 * Progressive enhancement only: without JavaScript the page's Save buttons save the same
 * answers. Each request carries one question, and only the part that changed ("value"
 * or "comment"), so two tabs never overwrite each other's other answers. The CSRF token
 * travels in the X-CSRFToken header, which Flask-WTF checks.
 */
(function () {
  "use strict";

  /* A page that comes back with errors: take the reader to their list first. */
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }

  /* A counter under every text with a length limit. The limit is never enforced by
     cutting (no maxlength): a text over it is refused with a message. */
  function counter(input) {
    var limit = parseInt(input.getAttribute("data-limit"), 10);
    var holder = input.closest("form");
    if (!limit || !holder || !holder.dataset.countOf) {
      return;
    }
    var note = document.createElement("p");
    note.className = "char-count";
    note.id = input.id + "-count";
    input.insertAdjacentElement("afterend", note);
    var described = input.getAttribute("aria-describedby");
    input.setAttribute("aria-describedby", (described ? described + " " : "") + note.id);
    function update() {
      var count = Array.from(input.value).length;
      var over = count - limit;
      note.textContent = over > 0
        ? holder.dataset[over === 1 ? "countOverOne" : "countOverMany"]
            .replace("%(count)s", over.toLocaleString())
        : holder.dataset.countOf.replace("%(count)s", count.toLocaleString())
            .replace("%(limit)s", limit.toLocaleString());
      note.classList.toggle("char-count-over", over > 0);
    }
    input.addEventListener("input", update);
    update();
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-limit]"), counter);

  var form = document.querySelector("form[data-autosave]");
  var status = document.getElementById("save-status");
  if (!form || !status || !window.fetch || !window.JSON) {
    return;
  }
  var url = form.getAttribute("data-autosave");
  var token = form.querySelector("input[name='csrf_token']").value;
  var loaded = form.querySelector("input[name='loaded']");
  var waiting = {};
  /* Fields the server refused (or could not be reached for), by name: their message. */
  var refused = {};
  var pending = 0;
  var queue = Promise.resolve();
  var fading = null;
  var DELAY = 800;
  var RETRY = 5000;
  var SHOWN = 2500;

  /* The status says what holds for every field: saving while anything is on its way,
     "Not saved: fix N answers" while any field is refused, "Saved" only otherwise. */
  function report() {
    var names = Object.keys(refused);
    var busy = pending > 0 || Object.keys(waiting).length > 0;
    window.clearTimeout(fading);
    status.classList.remove("save-faded");
    status.textContent = "";
    status.className = "save-status" + (names.length ? " save-failed" : "");
    if (busy) {
      status.appendChild(document.createTextNode(status.dataset.saving));
    }
    if (names.length) {
      var link = document.createElement("a");
      var template = names.length === 1 ? status.dataset.refusedOne : status.dataset.refusedMany;
      link.href = "#" + fieldsetOf(names[0]).id;
      link.textContent = template.replace("%(num)s", names.length.toLocaleString());
      if (busy) {
        status.appendChild(document.createTextNode(" "));
      }
      status.appendChild(link);
    } else if (!busy) {
      status.textContent = status.dataset.saved;
      /* "Saved" steps aside after a moment, so that it never hides an answer. */
      fading = window.setTimeout(function () {
        status.classList.add("save-faded");
      }, SHOWN);
    }
  }

  function fieldsetOf(name) {
    return form.querySelector("[name='" + name + "']").closest("fieldset[data-question]");
  }

  /* The server's message beside the field it refused, or none once it is saved. */
  function mark(name, message) {
    var inputs = form.querySelectorAll("[name='" + name + "']");
    var id = name + "-autosave-error";
    var note = document.getElementById(id);
    if (message === null) {
      delete refused[name];
      if (note) {
        note.parentNode.removeChild(note);
      }
      Array.prototype.forEach.call(inputs, function (input) {
        input.removeAttribute("aria-invalid");
      });
      return;
    }
    refused[name] = message;
    if (!note) {
      note = document.createElement("p");
      note.id = id;
      note.className = "error-text";
      var last = inputs[inputs.length - 1];
      (last.closest(".choices") || last).insertAdjacentElement("beforebegin", note);
    }
    note.textContent = message;
    Array.prototype.forEach.call(inputs, function (input) {
      input.setAttribute("aria-invalid", "true");
    });
  }

  /* The value of one question's answer inputs, as the form would post it. */
  function valueOf(name) {
    var inputs = form.querySelectorAll("[name='" + name + "']");
    var checked = [];
    for (var i = 0; i < inputs.length; i += 1) {
      var input = inputs[i];
      if (input.type === "checkbox" || input.type === "radio") {
        if (input.checked) {
          checked.push(input.value);
        }
      } else {
        return input.value;
      }
    }
    return inputs.length && inputs[0].type === "checkbox" ? checked : checked[0] || "";
  }

  /* Remember what the server now holds, so a later Save of the page does not resend it. */
  function remember(name, value) {
    if (!loaded) {
      return;
    }
    var shown = {};
    try {
      shown = JSON.parse(loaded.value || "{}");
    } catch (ignored) {
      shown = {};
    }
    shown[name] = Array.isArray(value) ? value.join(";") : String(value).trim();
    loaded.value = JSON.stringify(shown);
  }

  function request(fieldset, name, keepalive) {
    var part = name.indexOf("c-") === 0 ? "comment" : "value";
    var body = { question: fieldset.getAttribute("data-question") };
    body[part] = valueOf(name);
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      keepalive: keepalive,
      headers: {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "X-CSRFToken": token
      },
      body: JSON.stringify(body)
    });
  }

  function save(fieldset, name) {
    var value = valueOf(name);
    pending += 1;
    report();
    queue = queue.then(function () {
      return request(fieldset, name, false).then(function (response) {
        return response.json().catch(function () {
          return {};
        }).then(function (reply) {
          if (!response.ok) {
            throw { server: reply.error || status.dataset.failed };
          }
          remember(name, value);
        });
      }).then(function () {
        pending -= 1;
        /* A later change of the same field may still be on its way: it decides. */
        if (valueOf(name) === value || String(valueOf(name)) === String(value)) {
          mark(name, null);
        }
        report();
      }, function (error) {
        pending -= 1;
        if (error && error.server) {
          mark(name, error.server);
        } else {
          /* No answer from the server: say so, and try again shortly. */
          mark(name, status.dataset.offline);
          schedule(fieldset, name, RETRY);
        }
        report();
      });
    });
  }

  function schedule(fieldset, name, delay) {
    window.clearTimeout(waiting[name]);
    waiting[name] = window.setTimeout(function () {
      delete waiting[name];
      save(fieldset, name);
    }, delay);
  }

  function changed(event, delay) {
    var target = event.target;
    var fieldset = target.closest ? target.closest("fieldset[data-question]") : null;
    if (!fieldset || !target.name) {
      return;
    }
    schedule(fieldset, target.name, delay);
    /* Say "Saving" at once: "Saved" must never describe an earlier change. */
    report();
  }

  /* Answers typed but not sent yet (waiting for a pause in the typing), sent now. */
  function flush(keepalive) {
    Object.keys(waiting).forEach(function (name) {
      var fieldset = fieldsetOf(name);
      window.clearTimeout(waiting[name]);
      delete waiting[name];
      if (keepalive) {
        request(fieldset, name, true);
      } else {
        save(fieldset, name);
      }
    });
  }

  /* A link followed (the language switch, say) waits until every answer is saved. */
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!link || link.target || event.defaultPrevented || event.button !== 0 ||
        event.ctrlKey || event.metaKey || event.shiftKey ||
        link.getAttribute("href").charAt(0) === "#" ||
        (Object.keys(waiting).length === 0 && pending === 0)) {
      return;
    }
    event.preventDefault();
    flush(false);
    queue.then(function () {
      window.location.href = link.href;
    });
  });

  /* Closing the tab: send what is left, in a request that outlives the page. */
  window.addEventListener("pagehide", function () {
    flush(true);
  });

  form.addEventListener("change", function (event) {
    changed(event, 0);
  });
  form.addEventListener("input", function (event) {
    if (event.target.type !== "radio" && event.target.type !== "checkbox") {
      changed(event, DELAY);
    }
  });
}());
