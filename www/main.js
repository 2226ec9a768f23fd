// The tutorial page: the live canvas, its controls, the log, the fault menu.
//
// Everything the simulation does happens in Rust (pkg/pitstop.js); this file only wires the
// page to the PitStop API. Start-up failures are written onto the canvas (data-status="error",
// data-error) so that people and tests see them; the wasm sets data-status="drawn" after its
// first frame. No inline script anywhere: the page works under a strict Content-Security-Policy.
import init, { PitStop } from '../pkg/pitstop.js';

const $ = (id) => document.getElementById(id);
const canvas = $('pitstop');

function fail(error) {
  const text = error instanceof Error ? error.message : String(error);
  canvas.dataset.status = 'error';
  canvas.dataset.error = text;
  console.error('pitstop failed to start:', error);
}

// Speed on a log scale: the slider's 0..100 spans 0.05x to 4x.
const MIN_SPEED = 0.05;
const MAX_SPEED = 4;
const fromSlider = (v) => MIN_SPEED * Math.pow(MAX_SPEED / MIN_SPEED, v / 100);
const toSlider = (x) => Math.round((100 * Math.log(x / MIN_SPEED)) / Math.log(MAX_SPEED / MIN_SPEED));
const formatSpeed = (x) => `${x < 1 ? x.toFixed(2) : x.toFixed(1)}×`;
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
// A time as the log's clock writes it: to the millisecond, cut, not rounded.
const seconds = (ms) => (Math.floor(ms) / 1000).toFixed(3);

const settings = { seed: 1, crew: 'seed', speed: 0.25, chaos: false };
let stop = null;
const sends = new Map(); // msg_id -> its send event: what a message carries (see tellMessage)
let changedByHand = false; // a fault was injected into this run from the page
const labels = new Map(); // actor id -> label, from this run's spawn events
let catchingUp = false; // between a start-over and the end of its frame's events

// ---------------------------------------------------------------------------------------
// The log: lines are batched and added together four times a second, so a screen reader
// announces a group of lines rather than one per frame, and a line follows its picture
// closely enough to read them together (at 700 ms, a stepped handling's line came late).

const log = $('log');
const MAX_LINES = 500;
let pending = [];
let selected = null; // the selected line's <li>

// A line that links a message is a toggle button. The log is one Tab stop: the arrow keys
// move between its buttons (a roving tabindex), so that a learner does not Tab through
// every line to reach what is after it.
const lineButtons = () => log.querySelectorAll('li.linked > button');
function keepOneTabStop() {
  const buttons = [...lineButtons()];
  if (buttons.length > 0 && !buttons.some((b) => b.tabIndex === 0)) buttons[0].tabIndex = 0;
}
// A line clicked (or otherwise focused) becomes the log's one Tab stop.
log.addEventListener('focusin', (e) => {
  const button = e.target.closest('li.linked > button');
  if (!button || button.tabIndex === 0) return;
  for (const b of lineButtons()) b.tabIndex = -1;
  button.tabIndex = 0;
});
function moveLineFocus(from, to) {
  if (!to) return;
  from.tabIndex = -1;
  to.tabIndex = 0;
  to.focus();
}

function flushLog() {
  if (pending.length === 0) return;
  const fragment = document.createDocumentFragment();
  for (const line of pending) {
    const item = document.createElement('li');
    const time = document.createElement('time');
    time.textContent = line.clock;
    if (line.msgId !== null) {
      const button = document.createElement('button');
      button.type = 'button';
      button.tabIndex = -1;
      button.setAttribute('aria-pressed', 'false');
      button.append(time, ' ', line.text);
      item.append(button);
      item.dataset.msgId = String(line.msgId);
      item.classList.add('linked');
    } else {
      item.append(time, ' ', line.text);
    }
    if (/failed|aborted|Dead letter|dropped|no answer|ignored|holds the car|Fault/.test(line.text)) {
      item.classList.add('trouble');
    }
    fragment.append(item);
  }
  pending = [];
  const stick = log.scrollTop + log.clientHeight >= log.scrollHeight - 30;
  log.append(fragment);
  while (log.children.length > MAX_LINES) log.firstElementChild.remove();
  keepOneTabStop();
  if (stick) log.scrollTop = log.scrollHeight;
  // A start-over's lines were said before: the log speaks again from the next lines on.
  if (log.getAttribute('aria-live') === 'off') requestAnimationFrame(() => log.setAttribute('aria-live', 'polite'));
}
setInterval(flushLog, 250);

function clearLog() {
  const hadFocus = log.contains(document.activeElement);
  pending = [];
  log.replaceChildren();
  // The run starts over: the lines that come back (a step back, a seek, the timeline) are
  // not read out again, one by one, to a screen reader.
  log.setAttribute('aria-live', 'off');
  selected = null;
  if (hadFocus) focusCanvas(); // not lost to the page's body with the line that had it
}

function selectLine(item) {
  if (!item || !item.dataset.msgId) return;
  if (selected === item) {
    markSelected(item, false);
    selected = null;
    stop.highlight(null);
    return;
  }
  try {
    stop.highlight(Number(item.dataset.msgId));
  } catch (error) {
    // A line from before a seek back: its message is not sent yet in what is shown.
    status(error.message.replace(/^PitStop\.highlight: /, ''), true);
    return;
  }
  if (selected) markSelected(selected, false);
  selected = item;
  markSelected(item, true);
  // And what the message carries: a keyboard's way to what a click on its label says.
  status(describeMessage(Number(item.dataset.msgId)));
}
function markSelected(item, on) {
  item.classList.toggle('selected', on);
  item.querySelector('button')?.setAttribute('aria-pressed', String(on));
}
log.addEventListener('click', (e) => selectLine(e.target.closest('li')));
log.addEventListener('keydown', (e) => {
  const button = e.target.closest('li.linked > button');
  if (!button) return;
  const buttons = [...lineButtons()];
  const at = buttons.indexOf(button);
  const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: buttons.length - 1 }[e.key];
  if (to === undefined) return;
  e.preventDefault();
  moveLineFocus(button, buttons[Math.max(0, Math.min(buttons.length - 1, to))]);
});

// ---------------------------------------------------------------------------------------
// "The four things an actor can do" light up as they happen.

const fourThings = { spawn: 'do-spawn', send: 'do-send', state: 'do-state', become: 'do-become' };
const dimTimers = {};
function light(kind) {
  const id = fourThings[kind];
  if (!id) return;
  $(id).classList.add('lit');
  clearTimeout(dimTimers[id]);
  dimTimers[id] = setTimeout(() => $(id).classList.remove('lit'), 900);
}

// ---------------------------------------------------------------------------------------
// Mounting, controls, status.

// A notice (a confirmation, or an error in red) holds the status line for a few seconds;
// then the live status (`refresh`) has it again. The status line ticks four times a second
// while a stop plays, so it is not a live region: a screen reader hears the notices and the
// changes of state through `announce`, once each.
let noticeUntil = 0;
function status(text, trouble = false) {
  const s = $('status');
  s.textContent = text;
  s.classList.toggle('trouble', trouble);
  noticeUntil = performance.now() + (trouble ? 8000 : 3000);
  announce(text);
}

// The same words twice in a row are announced twice: the region is emptied first.
let announceTimer = null;
function announce(text) {
  const region = $('announce');
  region.textContent = '';
  clearTimeout(announceTimer);
  announceTimer = setTimeout(() => { region.textContent = text; }, 50);
}

// The page's keys act while focus is in the pit stop; a control worked with the mouse
// hands its focus to the canvas, so the keys keep working and Space does not press the
// control again.
function focusCanvas() {
  canvas.focus({ preventScroll: true });
}

function clearNotice() {
  noticeUntil = 0;
  $('status').classList.remove('trouble');
}

// What the page keeps about a run, forgotten when a different run starts.
function forgetRun() {
  sends.clear();
  labels.clear();
  changedByHand = false;
  tellAs = null;
  knownEnd = null;
}

function mount() {
  stop?.destroy();
  forgetRun();
  chosenActor = null;
  clearLog();
  clearNotice();
  const options = { seed: settings.seed, crew: settings.crew, speed: settings.speed };
  if (settings.chaos) options.faults = { rate: 0.15 };
  // A reader who asked for less motion starts it: it waits for Play (Space) instead.
  if (matchMedia('(prefers-reduced-motion: reduce)').matches) options.autoplay = false;
  stop = new PitStop(canvas, options);
  window.pitstop = stop; // for the curious, and for the end-to-end tests
  stop.onLog((line) => pending.push(line));
  // A seek back, a step back, a replay or a loaded log starts the run over: its lines
  // begin again.
  stop.onReset(() => {
    clearLog();
    sends.clear();
    // The events that follow in this frame replay the run to where it is now: they are
    // not what the actors are doing now, so the four things do not light up for them.
    // (A restart, a loop or a loaded log plays on from its start: those light up.)
    catchingUp = stop.stats().state !== 'running';
    queueMicrotask(() => { catchingUp = false; });
    // Played again to where a step back went: said once the frame's events are all in,
    // even if none is a handling (back at the start).
    if (tellAs) queueTell();
  });
  stop.onEvent((event) => {
    if (!catchingUp) light(event.kind);
    if (event.kind === 'send') sends.set(event.msg_id, event);
    if (event.kind === 'spawn') labels.set(event.actor, event.label);
    if (tellAs && event.kind === 'handle') {
      toTell = event;
      queueTell();
    }
  });
  refreshActors();
}

function restart(seed) {
  clearLog();
  clearNotice();
  forgetRun();
  stop.restart(seed);
  // The crew of a finished stop have stopped: the fault menu offers them again at once.
  refreshActors();
}

const play = $('play');
play.addEventListener('click', togglePlay);
function togglePlay() {
  const s = stop.stats();
  if (s.state === 'running') {
    // Paused to look: what the status line and the canvas show stays.
    stop.pause();
    refresh();
    return;
  }
  if (s.state === 'finished' && (s.rewound || changedByHand)) {
    // "Replay" shows again what was watched: a run changed by hand replays its recording
    // (Restart plays the seed live again).
    stop.seek(0);
    stop.resume();
    refreshActors();
  } else if (s.state === 'finished') {
    restart();
  } else {
    stop.resume();
  }
  tellAs = null; // playing: handlings are no longer steps to tell
  clearNotice(); // nor is what the last step said true any more
  if (stepHighlight && selected === null) stop.highlight(null);
  stepHighlight = false;
  refresh();
}

// A step shows one message handling, a step back the one it went back to; the status line
// says which, and the canvas draws its path. Their events come in the next animation frame
// (a step back's after a start-over, several steps' together if the keys are quick): the
// frame's last handling is told, once the frame's events are all in (a microtask runs
// after the whole frame's callbacks), as what the last key pressed did.
let tellAs = null; // 'Step' or 'Back' while a step's handling is to be told
let toTell = null; // the last handling the frame brought
let tellQueued = false;
let stepHighlight = false; // the path drawn is a step's (play clears it), not a log line's
function expectTell(how) {
  tellAs = how;
  toTell = null;
}
function queueTell() {
  if (tellQueued) return;
  tellQueued = true;
  queueMicrotask(() => {
    tellQueued = false;
    if (tellAs === null) return;
    if (toTell) tellHandling(tellAs, toTell);
    else if (tellAs === 'Back') status('Back at the start: no message handled yet.');
    else return; // a step's handling is still to come
    tellAs = null;
    toTell = null;
  });
}
function stepOnce() {
  if (stop.step()) expectTell('Step');
  else status('Nothing left to handle: the stop is over.');
  refresh();
}
// An actor's label ("Rear Left") from its id ("tire_rl").
// `actors()` lists the living only; a spawn event names every actor, stopped ones too.
function labelOf(id) {
  return labels.get(id) ?? stop.actors().find((a) => a.id === id)?.label ?? id;
}
// A message's fields name actors by id (`who=tire_rr`): the page says their labels. Only a
// whole value after `=` is an id; keys and words are left alone.
function readable(detail) {
  return detail.replace(/=([^,\s]+)/g, (field, value) => `=${labels.get(value) ?? value}`);
}
// "Rear Right" for an actor's id, "the host" for a message from outside.
const who = (id) => (id === null ? 'the host' : labelOf(id));
const fields = (event) => (event.detail ? ` (${readable(event.detail)})` : '');
function tellHandling(how, event) {
  status(`${how}: ${who(event.to)} handles "${event.msg}"${fields(event)}, sent by ${who(event.from)}`);
  // And the canvas draws that message's path, unless a log line the learner picked is shown.
  if (selected === null) showPath(event.msg_id);
}
// Draws a message's path until play resumes (as a step's). A message not sent yet in what
// is shown (the frame after going back) has none: the status line has said what it can.
function showPath(msgId) {
  try {
    stop.highlight(msgId);
    stepHighlight = true;
  } catch {
    // Nothing to draw.
  }
}
$('step').addEventListener('click', stepOnce);

// A step back plays the run again from its beginning to the step before (the picture is
// exact): the log starts over with it, and the status line says where it stopped.
function stepBackOnce() {
  if (stop.stepBack()) expectTell('Back');
  else status('Nothing to go back to: this is the start.');
  refresh();
}
$('back').addEventListener('click', stepBackOnce);

const speed = $('speed');
speed.addEventListener('input', () => setSpeed(fromSlider(Number(speed.value))));
function setSpeed(x) {
  showSpeed(Math.min(MAX_SPEED, Math.max(MIN_SPEED, x)));
  stop.setSpeed(settings.speed);
}
// The slider and its label show `x`, which becomes the page's speed.
function showSpeed(x) {
  settings.speed = x;
  speed.value = String(toSlider(x));
  $('speed-value').textContent = formatSpeed(x);
  // A screen reader says the speed, not the slider's position on its 0-100 scale.
  speed.setAttribute('aria-valuetext', `${formatSpeed(x).slice(0, -1)} times real time`);
}
showSpeed(settings.speed);

// The timeline: where the stop is in virtual time. Dragging it (or its keys) shows the stop
// at that time, paused, as RaftScope's time slider does; going back plays the run again to
// there, so the picture is exact. It spans the stop once the stop has been seen to its end;
// before that, six seconds or a second past the time shown, whichever is more.
const timeline = $('timeline');
let knownEnd = null;
let dragging = false;
timeline.addEventListener('pointerdown', () => { dragging = true; });
addEventListener('pointerup', () => { dragging = false; });
addEventListener('pointercancel', () => { dragging = false; });
function showTime() {
  const s = stop.stats();
  // A timeline that has focus stays still while the stop plays: a screen reader would
  // otherwise read out its value every frame.
  if (s.state === 'running' && document.activeElement === timeline) return;
  if (s.state === 'finished') knownEnd = s.timeMs;
  // Until the stop has been seen to its end, there is room to drag past the time shown
  // (a second): dragging there plays on to the end, which then is known. A run can outlast
  // the end it had: a fault injected after a seek back lengthens it.
  const end = knownEnd === null ? Math.max(6000, s.timeMs + 1000) : Math.max(knownEnd, s.timeMs);
  // Held while the pointer drags it, or the thumb would slide away from under it.
  if (!dragging) timeline.max = String(Math.ceil(end / 10) * 10);
  timeline.value = String(s.timeMs);
  const text = `${seconds(s.timeMs)} s`;
  if ($('time-value').textContent !== text) {
    $('time-value').textContent = text;
    timeline.setAttribute('aria-valuetext', text);
  }
}
timeline.addEventListener('input', () => {
  tellAs = null;
  clearNotice();
  stop.seek(Number(timeline.value));
  refresh();
});
(function followTime() {
  requestAnimationFrame(followTime); // first: a stop that throws must not stop the timeline
  try {
    if (stop) showTime();
  } catch {
    // A destroyed stop (one mounted over it from the console): the next mount brings one.
  }
})();
// A timeline that has focus stood still while the stop played: its keys and pointer move
// on from where the stop is, not from where it stood.
for (const type of ['keydown', 'pointerdown']) {
  timeline.addEventListener(type, () => {
    timeline.value = String(stop.stats().timeMs);
  }, true);
}

$('restart').addEventListener('click', () => restart());
$('new-seed').addEventListener('click', () => {
  settings.seed = Math.floor(Math.random() * 1_000_000);
  restart(settings.seed);
});
$('crew').addEventListener('change', (e) => {
  settings.crew = e.target.value;
  mount();
});
$('chaos').addEventListener('change', (e) => {
  settings.chaos = e.target.checked;
  mount();
});

// Why nothing can be broken now (a finished stop, a replay), or null.
function unbreakable(s) {
  if (s.replay) return 'A replay shows what happened; it cannot be changed.';
  if (s.rewound) return 'This run was taken back: it replays what happened. Restart it to break something.';
  if (s.state === 'finished') return 'The stop is over: replay it to break something.';
  return null;
}

let lastState = null;
function refresh() {
  const s = stop.stats();
  play.textContent = s.state === 'running' ? 'Pause' : s.state === 'finished' ? 'Replay' : 'Play';
  const why = unbreakable(s);
  const breakers = ['inject', 'fault-actor', 'fault-kind'].map($);
  const heard = [];
  if (why !== null && breakers.includes(document.activeElement)) {
    // A control about to be disabled would drop its focus to the page's body.
    focusCanvas();
    heard.push(why);
  }
  for (const control of breakers) control.disabled = why !== null;
  $('inject').title = why ?? '';
  $('seed-label').textContent = s.replay ? 'replay' : `seed ${s.seed}`;
  // A loaded log shows its own crew: the menu says which (choosing one plays it live).
  if (s.replay) $('crew').value = s.crew;
  // The speed may be set from outside (the console, a tutorial's own buttons).
  if (s.speed !== settings.speed && document.activeElement !== speed) showSpeed(s.speed);
  const stood = s.stationaryMs === null ? '' : `${seconds(s.stationaryMs)} s`;
  const stationary = s.aborted ? (stood ? ` · stop aborted after ${stood} stationary` : ' · stop aborted')
    : stood ? ` · stationary ${stood}` : '';
  const trouble = s.deadLetters > 0 ? ` · ${plural(s.deadLetters, 'dead letter')}` : '';
  if (performance.now() >= noticeUntil) {
    $('status').classList.remove('trouble');
    $('status').textContent = `${s.state}${stationary} · ${plural(s.messagesSent, 'message')}${trouble}`;
  }
  if (lastState !== null && s.state !== lastState) heard.unshift(stateChange(s, stood));
  if (heard.length > 0) announce(heard.join('. '));
  lastState = s.state;
}
// What a screen reader hears when the stop changes state.
function stateChange(s, stood) {
  if (s.state === 'finished') {
    if (s.aborted) return stood ? `Stop aborted after ${stood} stationary` : 'Stop aborted';
    return stood ? `Finished: stationary ${stood}` : 'Finished';
  }
  return { running: 'Playing', paused: 'Paused', ready: 'Ready' }[s.state] ?? s.state;
}
setInterval(() => stop && refresh(), 250);

// ---------------------------------------------------------------------------------------
// Export and load.

$('export').addEventListener('click', () => {
  const blob = new Blob([stop.exportLog()], { type: 'application/x-ndjson' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  const { seed } = stop.stats();
  link.download = seed === null ? 'pitstop-replay.jsonl' : `pitstop-seed-${seed}.jsonl`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
});

$('load').addEventListener('change', async (e) => {
  const file = e.target.files[0];
  e.target.value = '';
  if (!file) return;
  try {
    const text = await file.text();
    stop.loadLog(text);
    clearLog();
    forgetRun(); // the file's run has an end and a crew of its own
    chosenActor = null;
    status(`Replaying ${file.name}`);
  } catch (error) {
    status(`Could not load ${file.name}: ${error.message.replace(/^PitStop\.loadLog: /, '')}`, true);
  }
});

// ---------------------------------------------------------------------------------------
// Breaking things: the Break menu, and a click (or long press) on an actor.

const faultActor = $('fault-actor');
const faultKind = $('fault-kind');
const faultLabels = {
  stuck_nut: 'stuck nut',
  gun_failure: 'gun failure',
  lost_message: 'lost message',
  slow_jack: 'slow jack',
  early_release: 'early release',
};

// Options are replaced only when they change: a rebuilt list is announced again and closes
// an open drop-down.
function setOptions(select, options, wanted = select.value) {
  const same = select.options.length === options.length
    && options.every((o, i) => select.options[i].value === o.value && select.options[i].text === o.text);
  if (!same) select.replaceChildren(...options);
  if (options.some((o) => o.value === wanted)) select.value = wanted;
}
// The actor the learner chose to break: chosen again when it is back (after a step back, a
// restart), though the menu lost it while it had stopped.
let chosenActor = null;
function refreshActors() {
  const actors = stop.actors().filter((a) => a.faults.length > 0);
  setOptions(faultActor, actors.map((a) => new Option(a.label, a.id)), chosenActor ?? faultActor.value);
  refreshKinds();
}
function refreshKinds() {
  const actor = stop.actors().find((a) => a.id === faultActor.value);
  setOptions(faultKind, (actor?.faults ?? []).map((f) => new Option(faultLabels[f] ?? f, f)));
}
faultActor.addEventListener('change', () => {
  chosenActor = faultActor.value;
  refreshKinds();
});
faultActor.addEventListener('focus', refreshActors);
setInterval(() => {
  const choosing = [faultActor, faultKind, $('inject')].includes(document.activeElement);
  if (stop && !choosing) refreshActors();
}, 2000);

function inject(kind, actor) {
  try {
    stop.inject(kind, actor);
    changedByHand = true;
    knownEnd = null; // a fault can make the stop longer than it was seen to be
    status(`Injected ${faultLabels[kind] ?? kind} at ${labelOf(actor)}`);
  } catch (error) {
    status(error.message.replace(/^PitStop\.inject: /, ''), true);
  }
}
$('inject').addEventListener('click', () => inject(faultKind.value, faultActor.value));

const menu = $('fault-menu');
function openMenu(actorId, x, y) {
  const actor = stop.actors().find((a) => a.id === actorId);
  if (!actor) return;
  const why = unbreakable(stop.stats());
  if (why) {
    status(why, true);
    return;
  }
  menu.querySelector('.fault-menu-title').textContent = `Break ${actor.label}`;
  const items = menu.querySelector('.fault-menu-items');
  items.replaceChildren(
    ...actor.faults.map((f) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = faultLabels[f] ?? f;
      b.addEventListener('click', () => {
        inject(f, actor.id);
        closeMenu();
      });
      return b;
    }),
  );
  const box = canvas.getBoundingClientRect();
  menu.style.left = `${Math.min(x, box.width - 170)}px`;
  menu.style.top = `${y}px`;
  menu.hidden = false;
  items.firstElementChild?.focus();
}
// Focus that leaves the menu closes it: it is a choice to make now or not at all.
menu.addEventListener('focusout', (e) => {
  if (!menu.hidden && !menu.contains(e.relatedTarget)) closeMenu();
});
function closeMenu() {
  const hadFocus = menu.contains(document.activeElement);
  menu.hidden = true;
  if (hadFocus) focusCanvas(); // where the keys work, not the page's body
}
function actorAtEvent(e) {
  const box = canvas.getBoundingClientRect();
  const x = e.clientX - box.left;
  const y = e.clientY - box.top;
  return { id: stop.actorAt(x, y), x, y };
}
// A click on a message's label says what it carries, and draws its path; a click on an
// actor offers to break it.
canvas.addEventListener('click', (e) => {
  const hit = actorAtEvent(e);
  const msgId = stop.messageAt(hit.x, hit.y);
  if (msgId !== null) {
    closeMenu();
    tellMessage(msgId);
  } else if (hit.id) {
    openMenu(hit.id, hit.x, hit.y);
  } else {
    closeMenu();
  }
});
function tellMessage(msgId) {
  status(describeMessage(msgId));
  if (selected) markSelected(selected, false);
  selected = null;
  showPath(msgId);
}
// What a message carries, from its send event (its events arrive a frame after the call
// that made them: until then, its number).
function describeMessage(msgId) {
  const send = sends.get(msgId);
  if (!send) return `Message ${msgId}`;
  return `Message "${send.msg}"${fields(send)} from ${who(send.from)} to ${who(send.to)}, sent at ${seconds(send.t_ms)} s`;
}
let pressTimer = null;
canvas.addEventListener('pointerdown', (e) => {
  if (e.pointerType !== 'touch') return;
  pressTimer = setTimeout(() => {
    const hit = actorAtEvent(e);
    if (hit.id) openMenu(hit.id, hit.x, hit.y);
  }, 500);
});
for (const type of ['pointerup', 'pointercancel', 'pointermove']) {
  canvas.addEventListener(type, () => clearTimeout(pressTimer));
}

// ---------------------------------------------------------------------------------------
// Keys: space, right and left arrows, + and -, r, ?.

const help = $('help');
$('help-button').addEventListener('click', () => help.showModal());
// A control of the pit stop worked with the mouse hands its focus to the canvas, so that
// the keys keep working and Space does not press it again; one reached with Tab keeps it
// (Space and Enter press it, the other keys still work). "With the mouse" means a pointer
// went down on it: a click a screen reader makes has no pointer, and keeps the focus
// where the reader is.
let pointed = null;
document.addEventListener('pointerdown', (e) => {
  // A click on a label's text works its control.
  pointed = e.target.closest('label')?.control ?? e.target.closest('button, select, input');
});
document.addEventListener('keydown', () => { pointed = null; }, true);
const handsFocusBack = (control) => control && control === pointed && control.closest('.viz');
document.addEventListener('click', (e) => {
  if (handsFocusBack(e.target.closest('button'))) focusCanvas();
});
// The same for a select, a checkbox or the slider, once its value has changed.
document.addEventListener('change', (e) => {
  if (handsFocusBack(e.target.closest('select, input[type=checkbox], input[type=range]'))) focusCanvas();
});
// A click on the slider that leaves its value as it was changes nothing, and hands the
// focus back all the same.
document.addEventListener('pointerup', (e) => {
  if (handsFocusBack(e.target.closest('input[type=range]'))) focusCanvas();
});
document.addEventListener('keydown', (e) => {
  // A key already used where it was pressed (an arrow on a log line) is not a shortcut.
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.key === 'Escape') {
    closeMenu();
    return;
  }
  if (help.open) {
    if (e.key === '?') {
      help.close();
      e.preventDefault();
    }
    return;
  }
  // In the fault menu, keys are the menu's: Tab and Enter choose, Escape closes.
  if (menu.contains(e.target)) return;
  // Single-key shortcuts act only where focus is in the pit stop (its canvas, its
  // controls): elsewhere Space scrolls the page and r is a letter (WCAG 2.1.4).
  if (!e.target.closest('.viz')) return;
  const typing = e.target.closest('input, select, textarea');
  const pressing = e.target.closest('button') && (e.key === ' ' || e.key === 'Enter');
  if ((typing || pressing) && e.key !== '?') return;
  switch (e.key) {
    case ' ':
      togglePlay();
      break;
    case 'ArrowRight':
      stepOnce();
      break;
    case 'ArrowLeft':
      stepBackOnce();
      break;
    case '+':
    case '=':
      setSpeed(settings.speed * 1.5);
      break;
    case '-':
    case '_':
      setSpeed(settings.speed / 1.5);
      break;
    case 'r':
      restart();
      break;
    case '?':
      help.open ? help.close() : help.showModal();
      break;
    default:
      return;
  }
  e.preventDefault();
});

try {
  await init();
  mount();
  refresh();
} catch (error) {
  fail(error);
}
