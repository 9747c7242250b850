/* The answers form's script (form.html.j2): one screen at a time, progress kept, the answers file written.
   The page reads without it (every question shown at once); this adds paging, the
   browser's memory (localStorage, or the page alone when storage is refused) and the download. Its text
   is hashed into the page's Content-Security-Policy: change it and the hash follows, by construction. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("form-config").textContent);
  var form = document.getElementById("answers");
  var screens = Array.prototype.slice.call(document.querySelectorAll(".screen"));
  var items = Array.prototype.slice.call(document.querySelectorAll("fieldset.item:not(.touch)"));
  var touches = Array.prototype.slice.call(document.querySelectorAll("fieldset.touch")); /* a workshop's journey */
  var total = items.length;
  var backButton = document.getElementById("back");
  var nextButton = document.getElementById("next");
  var downloadButton = document.getElementById("download");
  var sendButton = document.getElementById("send");
  var collect = config.collect || null; /* set when `cxcheck collect` serves the page to one participant */
  var csrf = collect ? collect.csrf : null;
  var statusLine = document.getElementById("status");
  var current = 0;
  var started = null;
  var unsaved = false;

  function openStorage() {
    try {
      var storage = window.localStorage;
      storage.setItem(config.storage_key + "-probe", "1");
      storage.removeItem(config.storage_key + "-probe");
      return storage;
    } catch (refused) {
      return null;
    }
  }
  var storage = openStorage();

  function field(name) {
    return form.elements.namedItem(name);
  }

  function chosen(id) {
    var checked = form.querySelector('input[type="radio"][name="answer:' + cssString(id) + '"]:checked');
    return checked ? checked.value : null;
  }

  function ratingOf(tid) {
    var checked = form.querySelector('input[type="radio"][name="rating:' + tid + '"]:checked');
    return checked ? checked.value : null;
  }

  /* Whether a question on the page (an item or a touch point) has been answered. */
  function isAnswered(fieldset) {
    var tid = fieldset.getAttribute("data-touch");
    return tid ? ratingOf(tid) !== null : chosen(fieldset.getAttribute("data-id")) !== null;
  }

  function cssString(text) {
    return text.replace(/["\\]/g, "\\$&");
  }

  /* Everything the participant has given, read from the page itself: the page is the one truth. */
  function state() {
    var answers = {};
    items.forEach(function (item) {
      var id = item.getAttribute("data-id");
      var note = field("note:" + id).value;
      var reason = field("reason:" + id).value;
      var value = chosen(id);
      if (value !== null || note || reason) {
        answers[id] = { value: value, note: note, reason: reason };
      }
    });
    var rated = {};
    touches.forEach(function (touch) {
      var tid = touch.getAttribute("data-touch");
      var note = field("seen:" + tid).value;
      if (ratingOf(tid) !== null || note) {
        rated[tid] = { rating: ratingOf(tid), note: note };
      }
    });
    var respondent = field("respondent");
    var role = field("role");
    return {
      screen: current,
      started: started,
      respondent: respondent ? respondent.value : null,
      role: role ? role.value : null,
      answers: answers,
      touches: rated
    };
  }

  function restore(saved) {
    if (!saved) {
      return;
    }
    ["respondent", "role"].forEach(function (name) {
      if (field(name) && typeof saved[name] === "string") {
        field(name).value = saved[name];
      }
    });
    Object.keys(saved.answers || {}).forEach(function (id) {
      var answer = saved.answers[id];
      var note = field("note:" + id);
      if (!note) {
        return; /* an item this version of the form no longer has */
      }
      note.value = answer.note || "";
      if (answer.note) {
        note.closest("details").open = true;
      }
      field("reason:" + id).value = answer.reason || "";
      form.querySelectorAll('input[type="radio"][name="answer:' + cssString(id) + '"]').forEach(function (radio) {
        radio.checked = radio.value === answer.value;
      });
    });
    Object.keys(saved.touches || {}).forEach(function (tid) {
      var touch = saved.touches[tid];
      var note = field("seen:" + tid);
      if (!note) {
        return; /* a touch point this workshop's journey no longer has */
      }
      note.value = touch.note || "";
      if (touch.note) {
        note.closest("details").open = true;
      }
      form.querySelectorAll('input[type="radio"][name="rating:' + tid + '"]').forEach(function (radio) {
        radio.checked = radio.value === touch.rating;
      });
    });
    started = saved.started || null;
    if (typeof saved.screen === "number" && saved.screen >= 0 && saved.screen < screens.length) {
      current = saved.screen;
    }
  }

  function keep() {
    unsaved = true;
    if (!storage) {
      return;
    }
    try {
      storage.setItem(config.storage_key, JSON.stringify(state()));
    } catch (full) {
      storage = null;
      document.getElementById("storage-warning").hidden = false;
    }
  }

  function answeredCount() {
    return items.filter(function (item) { return chosen(item.getAttribute("data-id")) !== null; }).length;
  }

  function refresh() {
    var answered = answeredCount();
    document.getElementById("progress").value = answered;
    document.getElementById("progress-text").textContent =
      answered + " of " + total + " items answered · screen " + (current + 1) + " of " + screens.length;
    items.forEach(function (item) {
      var id = item.getAttribute("data-id");
      var value = chosen(id);
      item.querySelector(".reason").classList.toggle("shown", value === "n/a");
      item.querySelector(".clear").hidden = value === null;
    });
    touches.forEach(function (touch) {
      touch.querySelector(".clear").hidden = ratingOf(touch.getAttribute("data-touch")) === null;
    });
    var here = screens[current].querySelectorAll("fieldset.item");
    var open = Array.prototype.every.call(here, function (item) { return !isAnswered(item); });
    backButton.hidden = current === 0;
    nextButton.hidden = current === screens.length - 1;
    nextButton.textContent = here.length && open ? "Skip" : "Next";
    document.getElementById("summary").textContent =
      "You have answered " + answered + " of " + total + " items." +
      (answered < total ? " Items left open are not counted; you can go back to them." : "");
  }

  function show(index, focus) {
    current = Math.max(0, Math.min(index, screens.length - 1));
    screens.forEach(function (screen, n) { screen.classList.toggle("current", n === current); });
    refresh();
    if (focus) {
      window.scrollTo(0, 0);
      screens[current].querySelector("h2").focus();
    }
  }

  function two(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function localDate(moment) {
    return moment.getFullYear() + "-" + two(moment.getMonth() + 1) + "-" + two(moment.getDate());
  }

  function stamp(moment) {
    var offset = -moment.getTimezoneOffset();
    var sign = offset < 0 ? "-" : "+";
    offset = Math.abs(offset);
    return localDate(moment) + " " + two(moment.getHours()) + ":" + two(moment.getMinutes()) + ":" +
      two(moment.getSeconds()) + sign + two(Math.floor(offset / 60)) + ":" + two(offset % 60);
  }

  /* Text as a YAML double-quoted scalar: anything YAML could read as a line break, a control
     character it forbids is written as an escape, so the file reads back as typed; control
     characters other than tab and newline are left out, as cxcheck refuses them. */
  function quoted(text) {
    var out = '"';
    for (var ch of text) {
      var code = ch.codePointAt(0);
      if (ch === '"' || ch === "\\") {
        out += "\\" + ch;
      } else if (code === 10) {
        out += "\\n";
      } else if (code === 9) {
        out += "\\t";
      } else if (code >= 0xd800 && code <= 0xdfff) {
        out += "\\ufffd";
      } else if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) {
        continue;  /* a control character: cxcheck refuses it in a file (cxcheck/text.py), so it is left out */
      } else if (code === 0x2028 || code === 0x2029 ||
                 code === 0xfeff || code === 0xfffe || code === 0xffff) {
        out += "\\u" + ("000" + code.toString(16)).slice(-4);
      } else {
        out += ch;
      }
    }
    return out + '"';
  }

  function clean(text) {
    return (text || "").trim();
  }

  /* Who answers: the invitation's name when served by `cxcheck collect`, else what the participant typed. */
  function respondentName() {
    return collect ? collect.respondent : clean(field("respondent").value);
  }

  function roleName() {
    return collect ? collect.role || "" : clean(field("role").value);
  }

  /* The given answers as the file holds them: the value, the note, and the reason of an n/a. */
  function given() {
    var out = [];
    items.forEach(function (item) {
      var id = item.getAttribute("data-id");
      var value = chosen(id);
      if (value !== null) {
        out.push({ id: id, value: value, note: clean(field("note:" + id).value),
          reason: value === "n/a" ? clean(field("reason:" + id).value) : "" });
      }
    });
    return out;
  }

  /* The touch points rated or noted, with their ids, in journey order. */
  function ratings() {
    var out = [];
    config.touches.forEach(function (touch) {
      var rating = ratingOf(touch.id);
      var note = clean(field("seen:" + touch.id).value);
      out.push({ touch: touch, rating: rating, note: note });
    });
    return out;
  }

  /* The workshop's journey with this participant's ratings, as the workbook format writes it (docs/workbook.md). */
  function workbookLines() {
    if (!config.touches.length) {
      return [];
    }
    var lines = ["workbook:", "  format_version: " + config.workbook_version, "  journey:"];
    var stage = null;
    ratings().forEach(function (given) {
      var touch = given.touch;
      if (touch.stage !== stage) {
        stage = touch.stage;
        lines.push("  - name: " + quoted(stage), "    touchpoints:");
      }
      lines.push("    - name: " + quoted(touch.name));
      ["channel", "owner"].forEach(function (key) {
        if (touch[key]) {
          lines.push("      " + key + ": " + quoted(touch[key]));
        }
      });
      if (given.rating) {
        lines.push("      rating: " + given.rating);
      }
      if (given.note) {
        lines.push("      note: " + quoted(given.note));
      }
    });
    return lines;
  }

  /* The answers file, in the format `cxcheck report` reads (docs/assess.md, "The answers file"). */
  function answersFile(respondent, role) {
    var now = new Date();
    var lines = ["# Answers given in the cxcheck form; send this file to the facilitator.",
      "format_version: " + config.format_version, "respondent: " + quoted(respondent)];
    if (role) {
      lines.push("role: " + quoted(role));
    }
    lines.push("organisation: " + quoted(config.organisation), "date: " + localDate(now));
    if (started) {
      lines.push("started: " + started);
    }
    lines.push("updated: " + stamp(now), "checklists:");
    Object.keys(config.checklists).forEach(function (id) {
      lines.push("  " + id + ": " + quoted(config.checklists[id]));
    });
    lines.push("answers:");
    var answers = given();
    answers.forEach(function (answer) {
      if (!answer.note && !answer.reason) {
        lines.push("  " + answer.id + ": " + answer.value);
        return;
      }
      lines.push("  " + answer.id + ":", "    value: " + answer.value);
      if (answer.note) {
        lines.push("    note: " + quoted(answer.note));
      }
      if (answer.reason) {
        lines.push("    reason: " + quoted(answer.reason));
      }
    });
    if (!answers.length) {
      lines[lines.length - 1] = "answers: {}";
    }
    return lines.concat(workbookLines()).join("\n") + "\n";
  }

  function fileName(respondent) {
    var slug = respondent.toLowerCase().replace(/[^\p{L}\p{N}_]+/gu, "-").replace(/^-+|-+$/g, "");
    return "answers-" + (slug || "participant") + ".yaml";
  }

  function download() {
    var respondent = respondentName();
    if (!respondent) {
      show(0, false);
      field("respondent").focus();
      statusLine.textContent = "Write your name first: the file is named after you.";
      return;
    }
    var role = roleName();
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([answersFile(respondent, role)], { type: "application/x-yaml" }));
    link.download = fileName(respondent);
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
    unsaved = false;
    statusLine.textContent = "Downloaded " + link.download + ": send it to the facilitator.";
  }

  /* Posts the answers to the facilitator's computer, the documented fields only (docs/workshops.md);
     the page stays as it is, so nothing typed is lost when the computer cannot be reached. */
  function send() {
    var body = new URLSearchParams();
    body.append("csrf", csrf);
    given().forEach(function (answer) {
      body.append("answer:" + answer.id, answer.value);
      if (answer.note) {
        body.append("note:" + answer.id, answer.note);
      }
      if (answer.reason) {
        body.append("reason:" + answer.id, answer.reason);
      }
    });
    ratings().forEach(function (given) {
      if (given.rating) {
        body.append("rating:" + given.touch.id, given.rating);
      }
      if (given.note) {
        body.append("seen:" + given.touch.id, given.note);
      }
    });
    sendButton.disabled = true;
    statusLine.textContent = "Sending…";
    fetch(collect.action, { method: "POST", body: body, credentials: "omit", cache: "no-store", redirect: "error" })
      .then(function (response) {
        return response.json().then(function (reply) { return { ok: response.ok, reply: reply }; });
      })
      .then(function (result) {
        if (result.reply.csrf) {
          csrf = result.reply.csrf;
        }
        if (result.ok) {
          unsaved = false;
        }
        statusLine.textContent = result.reply.message;
      })
      .catch(function () {
        statusLine.textContent = "The facilitator's computer did not answer: your answers are still here. " +
          "Try again in a moment, or download a copy.";
      })
      .then(function () { sendButton.disabled = false; });
  }

  document.documentElement.classList.add("js");
  ["progress-bar"].forEach(function (id) { document.getElementById(id).hidden = false; });
  backButton.hidden = false;
  nextButton.hidden = false;
  downloadButton.hidden = false;
  var kept = null;
  if (storage) {
    try {
      kept = JSON.parse(storage.getItem(config.storage_key) || "null");
    } catch (broken) {
      storage.removeItem(config.storage_key);
    }
  }
  /* This browser's progress first (it may not be sent yet), else what the facilitator's computer has. */
  restore(kept || (collect && collect.saved));
  if (!storage) {
    document.getElementById("storage-warning").hidden = false;
    window.addEventListener("beforeunload", function (event) {
      if (unsaved) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }
  if (!started && answeredCount()) {
    started = stamp(new Date());
  }

  form.addEventListener("change", function () {
    if (!started && answeredCount()) {
      started = stamp(new Date());
    }
    keep();
    refresh();
  });
  form.addEventListener("input", keep);
  form.addEventListener("click", function (event) {
    var clear = event.target.closest("button[data-clear], button[data-clear-touch]");
    if (!clear) {
      return;
    }
    var id = clear.getAttribute("data-clear");
    var name = id === null ? "rating:" + clear.getAttribute("data-clear-touch") : "answer:" + cssString(id);
    form.querySelectorAll('input[type="radio"][name="' + name + '"]').forEach(function (radio) {
      radio.checked = false;
    });
    keep();
    refresh();
    clear.closest("fieldset").querySelector("input").focus();
  });
  form.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.tagName === "INPUT" && event.target.type !== "radio") {
      event.preventDefault();
      show(current + 1, true);
    }
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  backButton.addEventListener("click", function () { show(current - 1, true); keep(); });
  nextButton.addEventListener("click", function () { show(current + 1, true); keep(); });
  downloadButton.addEventListener("click", download);
  if (sendButton) {
    sendButton.hidden = false;
    sendButton.addEventListener("click", send);
  }
  show(current, false);
})();
