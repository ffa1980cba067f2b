/**
 * What the CPU throttle does to a fixed piece of script: the same work, about 5 ms at 1× CPU on
 * the bench machine (the length of the feedback form's first content) and eight times as much
 * work (nearer the chat's and the feed's), timed in a fresh page as the widgets are. Chromium throttles by
 * suspending the page's thread for a share of every short slice of time; on a busy machine
 * those slices are uneven, so a short span can run nearly unthrottled or lose whole
 * milliseconds. At 1× the same loop varies too: how soon V8's optimised code for it is ready.
 */
const UNIT = 400_000;
function work(units) {
  let sum = 0;
  for (let i = 0; i < units * UNIT; i++) sum += Math.sqrt(i);
  return sum;
}
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

window.__benchRun = (async () => {
  await nextTask();
  let start = performance.now();
  const shortResult = work(1);
  const short = performance.now() - start;
  await nextTask();
  start = performance.now();
  const longResult = work(8);
  const long = performance.now() - start;
  // Used, so no engine may skip the loops.
  document.title = `${shortResult > 0 && longResult > 0}`;
  return { ttfc: short, long, longTasks: { count: 0, tbt: 0 }, nodes: 0 };
})();
