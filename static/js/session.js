/* The warning before a session ends (issue 10).
 *
 * The page says how many seconds are left (data-remaining, from the server's own clock). In the
 * last data-warning seconds the warning shows a countdown (role="timer": screen readers do not
 * read every tick) and a "Blijf ingelogd" button. Screen readers hear it twice: once when the
 * warning appears, once when the session has ended. The button posts to the small session
 * endpoint, which moves the end; without script it is a plain form. No inline script or style:
 * the Content-Security-Policy allows neither.
 */
(function () {
  "use strict";

  var warning = document.getElementById("session-warning");
  var announce = document.getElementById("session-announce");
  if (!warning || !announce) {
    return;
  }
  var countdown = warning.querySelector(".session-countdown");
  var form = warning.querySelector("form[data-session-extend]");
  var expired = warning.querySelector(".session-expired");
  var line = document.querySelector("[data-session-end-line] time");
  var warnSeconds = parseInt(warning.dataset.warning, 10) || 120;
  var deadline = 0;
  var warned = false;
  var timer = null;

  function start(remaining) {
    deadline = Date.now() + remaining * 1000;
    warned = false;
    warning.hidden = true;
    announce.textContent = "";
    if (timer === null) {
      timer = window.setInterval(tick, 1000);
    }
    tick();
  }

  function format(seconds) {
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function tick() {
    var left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
    if (left <= 0) {
      window.clearInterval(timer);
      timer = null;
      warning.hidden = false;
      countdown.parentNode.hidden = true;
      if (form) {
        form.hidden = true;
      }
      expired.hidden = false;
      announce.textContent = announce.dataset.expiredText;
      return;
    }
    if (left <= warnSeconds) {
      countdown.textContent = format(left);
      if (!warned) {
        warned = true;
        warning.hidden = false;
        announce.textContent = announce.dataset.warningText;
      }
    }
  }

  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window
        .fetch(form.action, {
          method: "POST",
          body: new FormData(form),
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.json();
        })
        .then(function (data) {
          if (line) {
            line.textContent = data.ends_at_time;
            line.setAttribute("datetime", data.ends_at);
          }
          form.hidden = !data.extendable;
          start(data.remaining);
        })
        .catch(function () {
          form.submit(); // the plain form: the server decides what comes next
        });
    });
  }

  start(parseInt(warning.dataset.remaining, 10) || 0);
})();
