// Optional keyboard shortcuts for the review queue: j / k move between
// sessions, a accepts, r rejects, x ticks. The queue works without this.
(function () {
  var items = Array.prototype.slice.call(document.querySelectorAll('.queue .item'));
  if (!items.length) return;
  var at = 0;
  function show(i) {
    items[at].classList.remove('current');
    at = Math.max(0, Math.min(items.length - 1, i));
    items[at].classList.add('current');
    items[at].focus();
  }
  show(0);
  document.addEventListener('keydown', function (e) {
    var t = e.target.tagName;
    if (e.ctrlKey || e.metaKey || e.altKey || t === 'INPUT' || t === 'TEXTAREA' || t === 'SELECT') return;
    var item = items[at];
    if (e.key === 'j') show(at + 1);
    else if (e.key === 'k') show(at - 1);
    else if (e.key === 'a') item.querySelector('button.accept').click();
    else if (e.key === 'r') item.querySelector('button.reject').click();
    else if (e.key === 'x') { var c = item.querySelector('input[type=checkbox]'); c.checked = !c.checked; }
    else return;
    e.preventDefault();
  });
})();
