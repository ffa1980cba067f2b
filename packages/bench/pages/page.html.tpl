<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>bench: __NAME__</title>
<script>
  window.__longTasks = [];
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });
  } catch {}
</script>
<style>body { font: 16px/1.4 sans-serif; margin: 0 auto; max-width: 60rem; } #host { min-height: 30rem; }</style>
</head>
<body>
<h1>Benchmark page</h1>
<div id="host"></div>
<script type="module" src="./__NAME__.js"></script>
</body>
</html>
