(function () {
  var seen = {generation};
  function poll() {
    fetch("/__propose/events?since=" + seen, { cache: "no-store" })
      .then(function (r) { return r.text(); })
      .then(function (t) { if (parseInt(t, 10) !== seen) { location.reload(); } else { poll(); } },
            function () { setTimeout(poll, 2000); });
  }
  poll();
})();
