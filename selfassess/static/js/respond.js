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

  var form = document.querySelector("form[data-autosave]");
  var status = document.getElementById("save-status");
  if (!form || !status || !window.fetch || !window.JSON) {
    return;
  }
  var url = form.getAttribute("data-autosave");
  var token = form.querySelector("input[name='csrf_token']").value;
  var loaded = form.querySelector("input[name='loaded']");
  var waiting = {};
  var pending = 0;
  var queue = Promise.resolve();
  var DELAY = 800;

  function say(message, failed) {
    status.textContent = message;
    status.className = "save-status" + (failed ? " save-failed" : "");
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
    queue = queue.then(function () {
      return request(fieldset, name, false).then(function (response) {
        return response.json().catch(function () {
          return {};
        }).then(function (reply) {
          if (!response.ok) {
            throw { server: reply.error || "" };
          }
          remember(name, value);
        });
      }).then(function () {
        pending -= 1;
        /* "Saved" only once nothing is left to save. */
        if (pending === 0 && Object.keys(waiting).length === 0) {
          say(status.dataset.saved);
        }
      }, function (error) {
        pending -= 1;
        say(status.dataset.failed + (error && error.server ? " " + error.server : ""), true);
      });
    });
  }

  function changed(event, delay) {
    var target = event.target;
    var fieldset = target.closest ? target.closest("fieldset[data-question]") : null;
    if (!fieldset || !target.name) {
      return;
    }
    /* Say "Saving" at once: "Saved" must never describe an earlier change. */
    if (status.textContent !== status.dataset.saving) {
      say(status.dataset.saving);
    }
    window.clearTimeout(waiting[target.name]);
    waiting[target.name] = window.setTimeout(function () {
      delete waiting[target.name];
      save(fieldset, target.name);
    }, delay);
  }

  /* Answers typed but not sent yet (waiting for a pause in the typing), sent now. */
  function flush(keepalive) {
    Object.keys(waiting).forEach(function (name) {
      var fieldset = form.querySelector("[name='" + name + "']").closest("fieldset[data-question]");
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
