/*
 * The bench's side of a page without a build step (a classic script, as such a page has): records
 * long tasks from navigation, and resolves window.__benchRun when the widget's first content is in
 * its shadow root, checked every frame and on every change under the page's widgets. The page names
 * the element and its first content: <script src="watch.js" data-tag="…" data-content="…">.
 */
(function () {
  var script = document.currentScript;
  var tag = script.getAttribute('data-tag');
  var content = script.getAttribute('data-content');
  var longTasks = [];
  try {
    new PerformanceObserver(function (list) {
      list.getEntries().forEach(function (entry) { longTasks.push([entry.startTime, entry.duration]); });
    }).observe({ type: 'longtask', buffered: true });
  } catch (error) {}
  var shown = function () {
    var element = document.querySelector(tag);
    return Boolean(element && element.shadowRoot && element.shadowRoot.querySelector(content));
  };
  window.__benchRun = new Promise(function (resolve) {
    var finish = function () {
      var at = performance.now();
      // Long-task entries are delivered after the task ends: let them arrive.
      setTimeout(function () {
        var arrived = performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource')).filter(function (entry) { return entry.responseEnd <= at; });
        var tasks = longTasks.filter(function (task) { return task[0] < at; });
        resolve({
          contentAt: at,
          bytesBeforeContent: arrived.reduce(function (sum, entry) { return sum + (entry.transferSize || 0); }, 0),
          longTasks: {
            count: tasks.length,
            tbt: tasks.reduce(function (sum, task) { return sum + Math.max(0, task[1] - 50); }, 0),
            longest: tasks.reduce(function (longest, task) { return Math.max(longest, task[1]); }, 0),
          },
        });
      }, 60);
    };
    var observed = false;
    var observer = new MutationObserver(function () { if (shown()) { observer.disconnect(); finish(); } });
    var frame = function () {
      if (shown()) { observer.disconnect(); return finish(); }
      var element = document.querySelector(tag);
      if (!observed && element && element.shadowRoot) {
        observed = true;
        observer.observe(element.shadowRoot, { childList: true, subtree: true });
      }
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
})();
