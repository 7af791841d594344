// The service desk's one script: while a request waits for the citizen, ask the portal every two
// seconds whether the answer arrived, and put the verified data in place of the waiting line
// without reloading the page. Without JavaScript the page still works: reload it.
(function () {
  "use strict";
  var request = document.getElementById("request");
  if (!request) return;
  var url = request.getAttribute("data-answer-url");
  var stopped = false;
  function ask() {
    if (stopped) return;
    fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) {
        if (r.status === 204) {
          setTimeout(ask, 2000);
          return null;
        }
        stopped = true;
        if (r.status === 200 && r.headers.get("x-eid-fragment") === "result") return r.text();
        window.location.reload();
        return null;
      })
      .then(function (html) {
        if (html === null || html === undefined) return;
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var result = holder.querySelector("#result");
        if (!result) return;
        request.replaceWith(result);
        result.focus();
      })
      .catch(function () {
        setTimeout(ask, 5000);
      });
  }
  setTimeout(ask, 2000);
})();
