// Optional: adds the reader's own time to every <time datetime> that holds a
// time, e.g. "14:00 (your time 12:00)", when the reader's time zone is not
// the forum's (<html data-tz>). A range of two <time> gets one note.
(function () {
  var d = document.documentElement, tz = d.getAttribute("data-tz"), pat = d.getAttribute("data-your-time") || "{t}";
  var mine;
  try { mine = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!tz || !mine || mine === tz) return;
  function fmt(date, zone, day, time) {
    var o = { timeZone: zone };
    if (day) { o.year = "numeric"; o.month = "2-digit"; o.day = "2-digit"; }
    if (time) { o.hour = "2-digit"; o.minute = "2-digit"; o.hourCycle = "h23"; }
    if (time && day === 0) o.weekday = "short";
    return new Intl.DateTimeFormat(d.lang || undefined, o).format(date);
  }
  var all = document.querySelectorAll('time[datetime*="T"]');
  for (var i = 0; i < all.length; i++) {
    var a = all[i], b = a.nextElementSibling, last = a, end = null;
    if (a.getAttribute("data-lt")) continue;
    var start = new Date(a.getAttribute("datetime"));
    if (isNaN(start)) continue;
    if (b && b.tagName === "TIME") {
      end = new Date(b.getAttribute("datetime"));
      b.setAttribute("data-lt", "1");
      last = b;
    }
    try {
      var sameDay = fmt(start, tz, 1) === fmt(start, mine, 1);
      if (sameDay && fmt(start, tz, false, 1) === fmt(start, mine, false, 1)) continue;
      var text = fmt(start, mine, sameDay ? false : 0, 1) + (end && !isNaN(end) ? "–" + fmt(end, mine, false, 1) : "");
    } catch (e) { return; }
    var note = document.createElement("span");
    note.className = "lt";
    note.textContent = " (" + pat.replace("{t}", text) + ")";
    last.parentNode.insertBefore(note, last.nextSibling);
  }
})();
