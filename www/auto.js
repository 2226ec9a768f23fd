// Auto-mount: one script tag turns every <canvas data-pitstop> on the page into a pit stop,
// with options from its data attributes (data-speed, data-seed, data-crew, data-loop,
// data-autoplay, data-latency-ms, data-chaos, ...). Include it with
//   <script type="module" src="www/auto.js"></script>
import init, { mountAll } from '../pkg/pitstop.js';

try {
  await init();
  mountAll();
} catch (error) {
  for (const canvas of document.querySelectorAll('canvas[data-pitstop]')) {
    canvas.dataset.status = 'error';
    canvas.dataset.error = error instanceof Error ? error.message : String(error);
  }
}
