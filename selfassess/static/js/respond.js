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

  function save(fieldset, name) {
    var part = name.indexOf("c-") === 0 ? "comment" : "value";
    var value = valueOf(name);
    var body = { question: fieldset.getAttribute("data-question") };
    body[part] = value;
    say(status.dataset.saving);
    queue = queue.then(function () {
      return fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          "Accept": "application/json",
          "X-CSRFToken": token
        },
        body: JSON.stringify(body)
      }).then(function (response) {
        return response.json().catch(function () {
          return {};
        }).then(function (reply) {
          if (!response.ok) {
            say(status.dataset.failed + (reply.error ? " " + reply.error : ""), true);
            return;
          }
          remember(name, value);
          say(status.dataset.saved);
        });
      }).catch(function () {
        say(status.dataset.failed, true);
      });
    });
  }

  function changed(event, delay) {
    var target = event.target;
    var fieldset = target.closest ? target.closest("fieldset[data-question]") : null;
    if (!fieldset || !target.name) {
      return;
    }
    window.clearTimeout(waiting[target.name]);
    waiting[target.name] = window.setTimeout(function () {
      delete waiting[target.name];
      save(fieldset, target.name);
    }, delay);
  }

  form.addEventListener("change", function (event) {
    changed(event, 0);
  });
  form.addEventListener("input", function (event) {
    if (event.target.type !== "radio" && event.target.type !== "checkbox") {
      changed(event, DELAY);
    }
  });
}());
