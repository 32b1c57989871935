/* selfassess panel: the session screen's autosave, conflicts and keyboard shortcuts.
   Without this script the screen is a plain form that saves on "Save". */
(function () {
  "use strict";

  var form = document.getElementById("grade-form");
  var screen = document.getElementById("screen");
  if (!form || !screen) { return; }

  var status = document.getElementById("save-status");
  var conflictBox = document.getElementById("conflict-live");
  var theirsList = document.getElementById("conflict-theirs");
  var basedOn = form.querySelector("input[name=based_on]");
  var token = form.querySelector("input[name=csrf_token]").value;
  var session = form.querySelector("input[name=session]");
  var FIELDS = ["evidence", "links", "notes", "dissent"];
  var timer = null;
  var saving = null;
  var theirs = null;
  var lastSent = JSON.stringify(values());

  function say(text) { status.textContent = text; }
  function label(name) { return form.getAttribute("data-" + name) || name; }

  function values() {
    var chosen = form.querySelector("input[name=grade]:checked");
    var out = { grade: chosen ? chosen.value : "" };
    FIELDS.forEach(function (name) { out[name] = form.elements[name].value; });
    return out;
  }

  function fill(version) {
    var grade = version.grade || "";
    form.querySelectorAll("input[name=grade]").forEach(function (radio) {
      radio.checked = radio.value === grade;
    });
    FIELDS.forEach(function (name) { form.elements[name].value = version[name] || ""; });
    markChosen();
  }

  function markChosen() {
    form.querySelectorAll(".grade-option").forEach(function (option) {
      option.classList.toggle("chosen", option.querySelector("input").checked);
    });
  }

  function showConflict(current) {
    theirs = current;
    theirsList.textContent = "";
    ["grade"].concat(FIELDS).forEach(function (name) {
      var value = current ? current[name] : "";
      if (!value && name !== "grade") { return; }
      var dt = document.createElement("dt");
      dt.textContent = form.getAttribute("data-label-" + name) || name;
      var dd = document.createElement("dd");
      dd.className = "pre";
      dd.textContent = value || "–";
      theirsList.appendChild(dt);
      theirsList.appendChild(dd);
    });
    if (current) {
      var by = document.createElement("p");
      by.className = "meta";
      by.textContent = current.recorded_by + " · " + current.recorded_at.slice(0, 16).replace("T", " ");
      theirsList.appendChild(by);
    }
    conflictBox.hidden = false;
    say(form.getAttribute("data-conflict"));
  }

  function save() {
    clearTimeout(timer);
    timer = null;
    if (!conflictBox.hidden) { return Promise.resolve(); }
    var body = values();
    var sent = JSON.stringify(body);
    if (sent === lastSent) { return saving || Promise.resolve(); }
    body.based_on = Number(basedOn.value || 0);
    if (session) { body.session = Number(session.value); }
    say(form.getAttribute("data-saving"));
    saving = fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": token },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    }).then(function (result) {
      if (result.status === 409) { showConflict(result.data.current); return; }
      if (result.status !== 200) { say(result.data.error || form.getAttribute("data-failed")); return; }
      lastSent = sent;
      var current = result.data.current;
      if (current) {
        basedOn.value = current.version;
        say(form.getAttribute("data-saved").replace("{n}", current.version)
          .replace("{who}", current.recorded_by));
      }
    }).catch(function () {
      say(form.getAttribute("data-failed"));
    }).then(function () { saving = null; });
    return saving;
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(save, 1200);
  }

  form.addEventListener("change", function (event) {
    if (event.target.name === "grade") { markChosen(); save(); } else { later(); }
  });
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA") { later(); }
  });

  document.getElementById("keep-mine").addEventListener("click", function () {
    basedOn.value = theirs ? theirs.version : 0;
    conflictBox.hidden = true;
    lastSent = "";
    save();
  });
  document.getElementById("take-theirs").addEventListener("click", function () {
    if (theirs) { fill(theirs); basedOn.value = theirs.version; }
    lastSent = JSON.stringify(values());
    conflictBox.hidden = true;
    say(form.getAttribute("data-took"));
  });

  /* The Save buttons save the same way, so a save never races the autosave. */
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var next = event.submitter && event.submitter.value !== form.getAttribute("data-key");
    Promise.resolve(save()).then(function () {
      if (next && conflictBox.hidden) { window.location.href = screen.getAttribute("data-next"); }
    });
  });

  function go(url) {
    // An open conflict is settled first: leaving now would drop one of the two versions.
    if (!url || !conflictBox.hidden) { return; }
    Promise.resolve(save()).then(function () { window.location.href = url; });
  }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (target.closest && target.closest("textarea, input[type=text], input[type=file], select")) { return; }
    if (/^[0-9]$/.test(event.key)) {
      var radio = form.querySelector("input[name=grade][value='" + event.key + "']");
      if (radio) { radio.checked = true; markChosen(); save(); event.preventDefault(); }
    } else if (event.key === "n") {
      go(screen.getAttribute("data-next")); event.preventDefault();
    } else if (event.key === "p") {
      go(screen.getAttribute("data-previous")); event.preventDefault();
    }
  });

  /* Others' saves appear by themselves: the current version is polled while the page is
     visible. Untouched, the form takes theirs; with changes of one's own, both are shown. */
  function poll() {
    if (document.hidden || saving || !conflictBox.hidden) { return; }
    fetch(form.action, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        var current = data && data.current;
        if (!current || String(current.version) === String(basedOn.value) || saving) { return; }
        if (JSON.stringify(values()) === lastSent && !timer) {
          fill(current);
          basedOn.value = current.version;
          lastSent = JSON.stringify(values());
          say(form.getAttribute("data-updated").replace("{n}", current.version)
            .replace("{who}", current.recorded_by));
        } else {
          showConflict(current);
        }
      }).catch(function () { /* offline for a moment: the next poll tries again */ });
  }
  setInterval(poll, 8000);

  /* Leaving with unsaved text: save first when possible. */
  window.addEventListener("pagehide", function () { if (timer) { save(); } });
})();
