// The browser half of `cargo xtask bench`. Loads the bench build of the package (the
// product's pkg/ has no benchmark code), runs the figures of one suite and publishes them
// for WebDriver:
//   window.benchResults  one object per figure, in the shape of the JSON lines
//   window.benchNotes    diagnostics (counts per run, every repetition's rate)
//   window.benchInfo     crossOriginIsolated, the timer's resolution, devicePixelRatio
//   body[data-status]    loading | running | done | error (the message in data-error)
// URL parameters: suite=throughput|frame (default: both), minMs (500), reps (5),
// warmUpMs (1500).
import init, * as wasm from '../target/bench-pkg/pitstop.js';

const params = new URLSearchParams(location.search);
const suite = params.get('suite') ?? 'all';
const MIN_MS = Number(params.get('minMs') ?? 500);
const REPS = Number(params.get('reps') ?? 5);
const LIVE_MESSAGES = 1_000_000;
const LIVE_WARM_UP_MESSAGES = 300_000;
// How long each figure's scenario runs untimed before it is measured.
const WARM_UP_MS = Number(params.get('warmUpMs') ?? 1500);
// Runtime messages are u32 counts.
const MAX_COUNT = 2 ** 32 - 1;

window.benchResults = [];
window.benchNotes = [];
window.benchInfo = {};

const progress = document.getElementById('progress');

// Milliseconds with three decimals, as the figures print them.
const round3 = (ms) => Math.round(ms * 1000) / 1000;

function note(text) {
  window.benchNotes.push(text);
  console.log(`bench: ${text}`);
}

function publish(figure) {
  window.benchResults.push(figure);
  const row = document.createElement('tr');
  const { bench, value, unit, ...details } = figure;
  for (const text of [bench, JSON.stringify(details), value, unit]) {
    const cell = document.createElement('td');
    cell.textContent = String(text);
    row.append(cell);
  }
  document.getElementById('results').append(row);
}

// Lets the browser breathe (and WebDriver read the results) between measurements.
function pause() {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function nextFrame() {
  return new Promise((resolve) => requestAnimationFrame(resolve));
}

// The smallest step performance.now() takes. Firefox rounds to 1 ms unless the page is
// cross-origin isolated and privacy.reduceTimerPrecision is false.
function timerResolution() {
  let last = performance.now();
  let smallest = Infinity;
  const giveUp = last + 200;
  for (let changes = 0; changes < 1000;) {
    const now = performance.now();
    if (now !== last) {
      smallest = Math.min(smallest, now - last);
      last = now;
      changes += 1;
    }
    if (now > giveUp) break;
  }
  return smallest;
}

function checkTimer() {
  const resolution = timerResolution();
  Object.assign(window.benchInfo, {
    crossOriginIsolated: window.crossOriginIsolated,
    timerResolutionMs: resolution,
    devicePixelRatio: window.devicePixelRatio,
    userAgent: navigator.userAgent,
  });
  note(`crossOriginIsolated=${window.crossOriginIsolated}, timer resolution ${resolution} ms, `
    + `devicePixelRatio ${window.devicePixelRatio}`);
  if (!window.crossOriginIsolated) {
    throw new Error('the page is not cross-origin isolated (serve it with COOP same-origin and '
      + 'COEP require-corp): performance.now() would tick in 1 ms steps');
  }
  if (!(resolution <= 0.1)) {
    throw new Error(`performance.now() ticks in ${resolution} ms steps; start Firefox with `
      + 'privacy.reduceTimerPrecision=false');
  }
}

// Runs `measure(count) -> ms` as BenchRuns asks (calibrate to MIN_MS, then REPS runs) and
// publishes the median rate times `perItem` as one figure.
async function figure(fields, unit, first, measure, perItem = 1) {
  await figures([{ fields, unit, first, measure, perItem }]);
}

// Several figures measured in turns, one run of each in every round (A B C A B C ...), so
// that a figure compared with another (events on against off, the runtime against the
// yardstick) sees the same machine: on this shared VM, speed drifts by a fifth within a
// minute, and figures taken one after the other carried that drift into their ratio.
//
// `ratios` are published too, each as the median of its per-round ratios
// (`{ bench, num, den, unit }`, `num` and `den` naming specs by their `key`): with the
// machine's speed changing between rounds, the median of the ratios is steadier than the
// ratio of the medians.
async function figures(specs, ratios = []) {
  const all = specs.map((spec) => ({
    perItem: 1,
    ...spec,
    runs: new wasm.BenchRuns(spec.first, MAX_COUNT, MIN_MS, REPS),
  }));
  progress.textContent = `running ${all.map((f) => JSON.stringify(f.fields)).join(', ')}…`;
  // Warm-up, untimed: Firefox compiles wasm with its baseline compiler first and its
  // optimising one later, function by function as they get hot; without this, the first
  // kept runs of a figure measured first could still be running baseline code.
  for (const f of all) {
    for (const until = performance.now() + WARM_UP_MS; performance.now() < until;) {
      await f.measure(f.first);
    }
    await pause();
  }
  // Calibrated one by one, then every kept run in rounds.
  for (const f of all) {
    while (!f.runs.calibrated()) {
      const count = f.runs.nextCount();
      f.runs.record(count, await f.measure(count));
      await pause();
    }
  }
  for (let pending = all; pending.length > 0;) {
    const next = [];
    for (const f of pending) {
      const count = f.runs.nextCount();
      if (count === undefined) continue;
      f.runs.record(count, await f.measure(count));
      next.push(f);
      await pause();
    }
    pending = next;
  }
  for (const { fields, unit, perItem, runs } of all) {
    const rates = Array.from(runs.rates(), (r) => Math.round(r * perItem));
    note(`${JSON.stringify(fields)}: ${runs.count()} per run, rates/s [${rates.join(', ')}]`);
    const { bench, ...rest } = fields;
    const value = Math.round(runs.medianRate() * perItem);
    publish({ bench, host: 'firefox', ...rest, value, unit });
  }
  const byKey = (key) => {
    const found = all.find((f) => f.key === key);
    if (!found) throw new Error(`no figure with key ${key}`);
    return found.runs;
  };
  for (const { bench, num, den, unit } of ratios) {
    const [a, b] = [byKey(num), byKey(den)];
    note(`${bench}: per-round ratios [${Array.from(a.ratiosTo(b), round3).join(', ')}]`);
    publish({ bench, host: 'firefox', value: round3(a.medianRatioTo(b)), unit });
  }
  for (const { runs } of all) runs.free();
}

// ---- the reference: actors as a JavaScript developer would write them ----

// An actor: an array mailbox, and an async loop that handles one message at a time and
// awaits a promise whenever the mailbox is empty.
class JsActor {
  constructor(handle) {
    this.handle = handle;
    this.mailbox = [];
    this.wake = null;
  }

  send(msg) {
    this.mailbox.push(msg);
    if (this.wake) {
      const wake = this.wake;
      this.wake = null;
      wake();
    }
  }

  // Runs until a handler returns false.
  async run() {
    for (;;) {
      while (this.mailbox.length === 0) {
        await new Promise((resolve) => { this.wake = resolve; });
      }
      if (this.handle(this.mailbox.shift()) === false) return;
    }
  }
}

// Two JsActors bounce a ball `messages` times; resolves with the milliseconds.
function jsPingpong(messages) {
  return new Promise((resolve) => {
    let start;
    const paddle = (self) => ({ left, from }) => {
      if (left > 0) {
        from.send({ left: left - 1, from: self() });
        return true;
      }
      resolve(performance.now() - start);
      return false;
    };
    const ping = new JsActor(paddle(() => ping));
    const pong = new JsActor(paddle(() => pong));
    ping.run();
    pong.run();
    start = performance.now();
    ping.send({ left: messages - 1, from: pong });
  });
}

// ---- the suites ----

async function throughput() {
  // In turns: events off against on, against the plain-JavaScript actors (the bar to beat)
  // and against the yardsticks, the same ping-pong with no runtime at all
  // (src/bench/minimal.rs) and on futures' LocalPool (src/bench/localpool.rs).
  await figures([
    ...['off', 'on'].map((events) => ({
      key: events,
      fields: { bench: 'pingpong', executor: 'own', events },
      unit: 'msgs/s',
      first: 100_000,
      measure: (n) => wasm.benchPingpong(n, events === 'on'),
    })),
    {
      key: 'minimal',
      fields: { bench: 'pingpong', executor: 'minimal' },
      unit: 'msgs/s',
      first: 100_000,
      measure: (n) => wasm.benchPingpongMinimal(n),
    },
    {
      key: 'localpool',
      fields: { bench: 'pingpong', executor: 'localpool' },
      unit: 'msgs/s',
      first: 100_000,
      measure: (n) => wasm.benchPingpongLocalPool(n),
    },
    {
      key: 'js', fields: { bench: 'pingpong_js' }, unit: 'msgs/s', first: 20_000, measure: jsPingpong,
    },
  ], [
    { bench: 'events_on_vs_off', num: 'on', den: 'off', unit: 'x' },
    { bench: 'own_vs_js', num: 'off', den: 'js', unit: 'x' },
    { bench: 'own_vs_minimal', num: 'off', den: 'minimal', unit: 'x' },
  ]);
  for (const events of ['off', 'on']) {
    await figure({ bench: 'pingpong', executor: 'spawn_local', events }, 'msgs/s', 20_000,
      (n) => wasm.benchPingpongSpawnLocal(n, events === 'on'));
  }
  const perRound = wasm.benchFanoutMessagesPerRound();
  await figures(['off', 'on'].map((events) => ({
    fields: { bench: 'fanout', executor: 'own', events },
    unit: 'msgs/s',
    first: 10_000,
    measure: (n) => wasm.benchFanout(n, events === 'on'),
    perItem: perRound,
  })));
  await live();
}

// A 1 M-message ping-pong pumped from requestAnimationFrame, each frame running actors for as
// long as the product's frame loop would: the longest gap between animation frames while it
// runs, and its overall rate. A shorter one runs first, untimed, as every figure here has a
// warm-up: measured in a page of its own, the first live run in a page ran at 1.8-2.0 M
// msgs/s and the five after it at 3.4-5.3 M, and the one missed frame in twelve runs was a
// first one.
async function live() {
  progress.textContent = 'warming up the live ping-pong…';
  await liveRun(LIVE_WARM_UP_MESSAGES);
  progress.textContent = 'running the live ping-pong…';
  const { frames, ms, longest } = await liveRun(LIVE_MESSAGES);
  note(`live: ${frames} frames in ${round3(ms)} ms, longest gap ${round3(longest)} ms`);
  publish({ bench: 'frame_gap', host: 'firefox', executor: 'own', value: round3(longest), unit: 'ms' });
  publish({
    bench: 'pingpong_live', host: 'firefox', executor: 'own', events: 'off',
    value: Math.round(LIVE_MESSAGES * 1000 / ms), unit: 'msgs/s',
  });
}

// One live ping-pong of `messages`: { frames, ms (from the first slice to the last
// message), longest (the longest animation-frame gap, the frame after the last slice
// included) }.
async function liveRun(messages) {
  const pingpong = new wasm.BenchLive(messages);
  let last = await nextFrame();
  const start = performance.now();
  let end = start;
  let longest = 0;
  let frames = 0;
  for (;;) {
    // As long as the product's frame loop would run actors (FrameBudget in the library).
    const done = pingpong.sliceInFrame(last);
    if (done) end = performance.now();
    // Something visible changes every frame, so the page really paints.
    progress.textContent = `live ping-pong: ${pingpong.handled()} handled`;
    // Measured after the last slice too: that gap is the last slice's doing as well.
    const ts = await nextFrame();
    longest = Math.max(longest, ts - last);
    last = ts;
    frames += 1;
    if (done) break;
  }
  pingpong.check();
  pingpong.free();
  return { frames, ms: end - start, longest };
}

// The frame cost over a whole stop, one frame per animation frame, after one untimed stop
// played the same way.
async function frameCost() {
  const canvas = document.getElementById('frame');
  const frames = new wasm.BenchFrames(canvas);
  progress.textContent = 'frame cost: warming up…';
  // A whole stop, untimed, frame by frame as the browser paints them: the JIT and caches
  // warm up, and so does the canvas (Firefox's first few painted frames of a canvas cost
  // several milliseconds more; a warm-up that never let the page paint left them in the
  // timed stop, as its five slowest frames).
  while (frames.step()) {
    await nextFrame();
  }
  frames.restart();
  progress.textContent = 'frame cost: one stop, frame by frame…';
  while (frames.step()) {
    await nextFrame();
  }
  const dpr = window.devicePixelRatio;
  const [width, height] = frames.backingSize();
  note(`frame dpr ${dpr}: ${frames.frames()} frames on a ${width}x${height} backing store, `
    + `max ${round3(frames.percentile(100))} ms; drawing alone: median `
    + `${round3(frames.paintPercentile(50))} ms, p99 ${round3(frames.paintPercentile(99))} ms`);
  const slowest = Array.from(frames.slowestFrames(5), round3);
  const frameNotes = [];
  for (let i = 0; i < slowest.length; i += 4) {
    frameNotes.push(`#${slowest[i]} ${slowest[i + 1]} ms (drawing ${slowest[i + 2]}, `
      + `${slowest[i + 3]} sprites made)`);
  }
  note(`frame dpr ${dpr}: slowest frames ${frameNotes.join(', ')}; `
    + `sprites made in all ${frames.spritesMade()}`);
  if (width !== Math.round(1200 * dpr) || height !== Math.round(700 * dpr)) {
    throw new Error(`the canvas is ${width}x${height} pixels, `
      + `not 1200x700 at devicePixelRatio ${dpr}`);
  }
  for (const [stat, p] of [['median', 50], ['p99', 99]]) {
    const value = round3(frames.percentile(p));
    publish({ bench: 'frame', host: 'firefox', dpr, stat, value, unit: 'ms' });
  }
  frames.free();
}

async function main() {
  document.body.dataset.status = 'running';
  try {
    await init();
    checkTimer();
    if (suite === 'throughput' || suite === 'all') await throughput();
    if (suite === 'frame' || suite === 'all') await frameCost();
    if (!['throughput', 'frame', 'all'].includes(suite)) throw new Error(`unknown suite ${suite}`);
    progress.textContent = 'done';
    document.body.dataset.status = 'done';
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    progress.textContent = `error: ${text}`;
    document.body.dataset.error = text;
    document.body.dataset.status = 'error';
    console.error('bench failed:', error);
  }
}

main();
