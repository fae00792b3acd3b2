// smrisk review page: keyboard shortcuts and decisions sent to the server. No libraries, no other hosts.
// a / r / u decide the highlighted risk, 1-3 highlight another, n edits its note, j / k move between posts.
(function () {
  "use strict";
  var main = document.getElementById("post");
  if (!main) { return; }
  var token = document.querySelector('meta[name="smrisk-token"]').getAttribute("content");
  var cards = Array.prototype.slice.call(document.querySelectorAll("section.risk"));
  var status = document.getElementById("status");
  var progress = document.getElementById("progress");
  var selected = 0;
  var busy = false;

  function undecided(from) {
    for (var step = 0; step < cards.length; step++) {
      var i = (from + step) % cards.length;
      if (!cards[i].dataset.decision) { return i; }
    }
    return -1;
  }

  function select(i) {
    if (i < 0 || i >= cards.length) { return; }
    selected = i;
    cards.forEach(function (card, k) { card.classList.toggle("selected", k === i); });
  }

  function say(message, bad) {
    status.textContent = message;
    status.classList.toggle("bad", !!bad);
  }

  function go(url) { if (url) { window.location.assign(url); } }

  function decide(value) {
    var card = cards[selected];
    if (!card || busy) { return; }
    busy = true;
    var body = {post: Number(main.dataset.post), risk: card.dataset.risk, decision: value,
                note: card.querySelector("input.note").value};
    fetch("/decide", {
      method: "POST",
      headers: {"Content-Type": "application/json", "X-Smrisk-Token": token},
      body: JSON.stringify(body),
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().catch(function () { return {error: response.status + " " + response.statusText}; })
        .then(function (answer) { return {ok: response.ok, answer: answer}; });
    }).then(function (result) {
      busy = false;
      if (!result.ok) { say("Not saved: " + result.answer.error, true); return; }
      var saved = result.answer.saved;
      card.dataset.decision = saved.decision;
      card.querySelector(".verdict").textContent = saved.label;
      progress.textContent = result.answer.progress;
      document.title = "smrisk review: " + result.answer.progress;
      say("Saved: " + saved.risk + " " + saved.label + ".");
      var current = document.querySelector(".queue li.current");
      if (current && result.answer.post_done) { current.classList.add("done"); }
      var next = undecided(selected + 1);
      if (next >= 0) { select(next); return; }
      if (result.answer.next) { go(result.answer.next); } else { say("Saved. Every flagged post is reviewed."); }
    }).catch(function (error) {
      busy = false;
      say("Not saved (is smrisk review still running?): " + error, true);
    });
  }

  cards.forEach(function (card, i) {
    card.addEventListener("click", function () { select(i); });
    Array.prototype.forEach.call(card.querySelectorAll("button[data-decision]"), function (button) {
      button.addEventListener("click", function (event) {
        event.stopPropagation();
        select(i);
        decide(button.dataset.decision);
      });
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement;
    if (typing) {
      if (event.key === "Escape" || event.key === "Enter") { event.target.blur(); event.preventDefault(); }
      return;
    }
    var actions = {a: "accept", r: "reject", u: "unsure"};
    if (actions[event.key]) { decide(actions[event.key]); }
    else if (event.key === "j") { go(main.dataset.next); }
    else if (event.key === "k") { go(main.dataset.previous); }
    else if (event.key === "n" && cards[selected]) { cards[selected].querySelector("input.note").focus(); }
    else if (/^[1-9]$/.test(event.key)) { select(Number(event.key) - 1); }
    else { return; }
    event.preventDefault();
  });

  var first = undecided(0);
  select(first >= 0 ? first : 0);
}());
