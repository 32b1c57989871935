/* selfassess console: small progressive enhancements; every page works without them. */
(function () {
  "use strict";

  /* Buttons that change something irreversible ask first (data-confirm="question"). */
  document.addEventListener("submit", function (event) {
    var button = event.submitter || event.target.querySelector("[data-confirm]");
    var question = button && button.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  /* The "Print" button of the invitation slips. */
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  /* An error summary takes the focus, so a screen reader announces it first. */
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
})();
