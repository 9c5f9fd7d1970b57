// The dashboard's one script, served by GET /assets/hub.js (CSP: script-src 'self'; no inline
// script anywhere). Kept as a module so the Worker bundle carries it without a file system.
// Every page works without it; it only enhances what the server rendered:
//
// Auto-refresh (<RefreshControl>, pages/components/refresh.tsx): the element with
// data-refresh-seconds="N" reloads the page after N seconds of idle time. The count stands still
// while the page is hidden, while the operator pauses it (the toggle button), and while the page
// is in use: focus in a form field, an open <details>, selected text, or pointer, keyboard, wheel
// or scroll activity within the last 15 s. Time is read from Date.now() and setInterval only, so
// a test can drive it with Playwright's clock. The control's data-refresh-state says where it
// stands: running, paused (by the operator) or reloading.
export const HUB_JS = `'use strict';
(function () {
  var box = document.querySelector('[data-refresh-seconds]');
  if (!box) return;
  var seconds = Number(box.getAttribute('data-refresh-seconds'));
  var button = box.querySelector('.refresh-toggle');
  var state = box.querySelector('.refresh-state');
  if (!(seconds > 0) || !button || !state) return;

  var TICK_MS = 1000;
  var ACTIVITY_MS = 15000;
  var remaining = seconds * 1000;
  var paused = false;
  var lastActivity = -Infinity;
  var lastTick = Date.now();
  var timer = 0;

  function every() {
    if (seconds === 60) return 'every minute';
    if (seconds % 60 === 0) return 'every ' + seconds / 60 + ' minutes';
    return 'every ' + seconds + ' s';
  }
  function show() {
    button.textContent = paused ? 'Resume auto-refresh' : 'Pause auto-refresh';
    state.textContent = paused ? 'Auto-refresh paused.' : 'Auto-refresh ' + every() + '.';
    box.setAttribute('data-refresh-state', paused ? 'paused' : 'running');
  }
  function inUse(now) {
    if (paused || document.hidden) return true;
    if (now - lastActivity < ACTIVITY_MS) return true;
    var focused = document.activeElement;
    if (focused && focused.matches('input, select, textarea, [contenteditable]')) return true;
    if (document.querySelector('details[open]')) return true;
    var selection = window.getSelection();
    return Boolean(selection && !selection.isCollapsed);
  }
  function tick() {
    var now = Date.now();
    // A hidden tab's timers are throttled: count at most one tick's worth at a time.
    var step = Math.min(now - lastTick, 2 * TICK_MS);
    lastTick = now;
    if (inUse(now)) return;
    remaining -= step;
    if (remaining > 0) return;
    clearInterval(timer);
    box.setAttribute('data-refresh-state', 'reloading');
    location.reload();
  }

  ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'scroll'].forEach(function (type) {
    window.addEventListener(type, function () { lastActivity = Date.now(); }, { capture: true, passive: true });
  });
  button.addEventListener('click', function () {
    paused = !paused;
    show();
  });
  button.hidden = false;
  show();
  timer = setInterval(tick, TICK_MS);
})();
`
