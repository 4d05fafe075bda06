"use strict";
// quizgen's single-file quiz. Bank text is only ever inserted as text (textContent, text nodes, attribute
// values): nothing from the data reaches innerHTML. See docs/html.md.
(function () {
  const DATA = JSON.parse(document.getElementById("quiz-data").textContent);
  const ITEMS = DATA.items;
  const BY_ID = new Map(ITEMS.map((item) => [item.id, item]));
  const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

  // ---- Grading: a port of quizgen/selftest/grading.py; tests/test_html_browser.py holds the two equal. ----
  const Grading = (function (table) {
    const TYPO_MIN_LENGTH = 6;
    const ARTICLES = ["the", "a", "an"];
    const DATE_WORDS = new Set(
      ("january february march april may june july august september october november december " +
        "jan feb mar apr jun jul aug sep sept oct nov dec " +
        "monday tuesday wednesday thursday friday saturday sunday").split(" ")
    );
    const DROPPED = /[.'\u2019`]/g;
    const PUNCTUATION = /[^0-9a-z]+/g;
    const PARENTHESISED = /\s*\([^()]*\)/g;
    // Python's str.isdigit: decimal digits and the other digits (superscripts, circled, ...).
    const DIGIT = /[\p{Nd}\u{b2}-\u{b3}\u{b9}\u{1369}-\u{1371}\u{19da}\u{2070}\u{2074}-\u{2079}\u{2080}-\u{2089}\u{2460}-\u{2468}\u{2474}-\u{247c}\u{2488}-\u{2490}\u{24ea}\u{24f5}-\u{24fd}\u{24ff}\u{2776}-\u{277e}\u{2780}-\u{2788}\u{278a}-\u{2792}\u{10a40}-\u{10a43}\u{10e60}-\u{10e68}\u{11052}-\u{1105a}\u{1f100}-\u{1f10a}]/u;
    const MARKS = /\p{M}/gu;

    // anyascii, from the table the build wrote; a character not in it loses its accents, or is dropped.
    function ascii(text) {
      let out = "";
      for (const ch of text) {
        if (ch.codePointAt(0) < 0x80) out += ch;
        else if (Object.prototype.hasOwnProperty.call(table, ch)) out += table[ch];
        else {
          const base = ch.normalize("NFD").replace(MARKS, "");
          if (/^[\x00-\x7f]*$/.test(base)) out += base;
        }
      }
      return out;
    }
    function words(text) {
      const folded = ascii(text.normalize("NFC")).toLowerCase();
      return folded.replace(DROPPED, "").replace(PUNCTUATION, " ").split(" ").filter((w) => w !== "");
    }
    function key(text) {
      let parts = words(text);
      if (parts.length > 1 && ARTICLES.includes(parts[0])) parts = parts.slice(1);
      return parts.join("");
    }
    function acceptedForms(answer, aliases) {
      const forms = [];
      for (const text of [answer, ...(aliases || [])]) {
        for (const form of [text, text.replace(PARENTHESISED, "").trim()]) {
          if (form && !forms.includes(form)) forms.push(form);
        }
      }
      return forms;
    }
    function typoBudget(expected, given) {
      if (hasDigit(expected + given)) return 0;
      if (words(expected).some((w) => DATE_WORDS.has(w))) return 0;
      const length = key(expected).length;
      if (length < TYPO_MIN_LENGTH) return 0;
      return length < 12 ? 1 : 2;
    }
    // Optimal string alignment distance: edits and swaps of adjacent characters (rapidfuzz's OSA).
    function osa(a, b) {
      const s = Array.from(a);
      const t = Array.from(b);
      const rows = [];
      for (let i = 0; i <= s.length; i++) {
        rows.push(new Array(t.length + 1).fill(0));
        rows[i][0] = i;
      }
      for (let j = 0; j <= t.length; j++) rows[0][j] = j;
      for (let i = 1; i <= s.length; i++) {
        for (let j = 1; j <= t.length; j++) {
          const cost = s[i - 1] === t[j - 1] ? 0 : 1;
          let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
          if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
            d = Math.min(d, rows[i - 2][j - 2] + 1);
          }
          rows[i][j] = d;
        }
      }
      return rows[s.length][t.length];
    }
    // confusable: the words a typo may not land on ("minister" for "ministry"), listed by the build per item
    // (quizgen/core/typos.py); a typed word among them, not a word of an accepted form, makes a typo wrong.
    function gradeText(given, answer, aliases, confusable) {
      const typed = given.trim().normalize("NFC");
      const forms = acceptedForms(answer, aliases);
      const typedKey = key(typed);
      if (!typedKey) return "wrong";
      if (forms.some((f) => key(f) === typedKey)) return "correct";
      for (const form of forms) {
        const budget = typoBudget(form, typed);
        if (budget && osa(typedKey, key(form)) <= budget) {
          const banned = new Set(confusable || []);
          const own = new Set(forms.flatMap((f) => words(f)));
          return words(typed).some((w) => !own.has(w) && banned.has(w)) ? "wrong" : "close";
        }
      }
      return "wrong";
    }
    const ORDER = ["wrong", "close", "correct"];
    function gradeParts(given, expected, aliases, confusable) {
      let worst = "correct";
      expected.forEach((answer, i) => {
        const verdict = gradeText(given[i] || "", answer, expected.length === 1 ? aliases : [], confusable);
        if (ORDER.indexOf(verdict) < ORDER.indexOf(worst)) worst = verdict;
      });
      return given.length > expected.length ? "wrong" : worst;
    }
    const hasDigit = (text) => DIGIT.test(text);
    return { ascii, words, key, acceptedForms, typoBudget, osa, gradeText, gradeParts, hasDigit };
  })(DATA.translit);
  window.quizgenGrading = Grading;

  // ---- Judging an item's answer ----
  function answerText(item) {
    if (item.type === "mcq" || item.type === "true-false") {
      const letter = item.type === "mcq" ? LETTERS[item.correct] + ". " : "";
      return letter + item.options[item.correct];
    }
    if (item.type === "cloze") return item.blanks.map((b) => b.answer).join("; ");
    return item.answer;
  }
  function givenText(item, given) {
    if (given === null || given === undefined) return "";
    if (item.type === "mcq") return LETTERS[given] + ". " + item.options[given];
    if (item.type === "true-false") return item.options[given];
    if (item.type === "cloze") return given.map((g) => g.trim()).join("; ");
    return given.trim();
  }
  function isAnswered(item, given) {
    if (given === null || given === undefined) return false;
    if (item.type === "cloze") return given.some((g) => g.trim() !== "");
    if (item.type === "short") return given.trim() !== "";
    return true;
  }
  function judge(item, given) {
    if (!isAnswered(item, given)) return "unanswered";
    if (item.type === "mcq" || item.type === "true-false") return given === item.correct ? "correct" : "wrong";
    if (item.type === "cloze") {
      return Grading.gradeParts(given, item.blanks.map((b) => b.answer), item.aliases, item.confusable);
    }
    return Grading.gradeText(given, item.answer, item.aliases, item.confusable);
  }
  const POINTS = { correct: 1, close: 1, wrong: 0, unanswered: 0 };

  // ---- Saved progress ----
  const KEY_PREFIX = "quizgen:" + DATA.format + ":" + DATA.deck + ":" + DATA.form + ":";
  const KEY = KEY_PREFIX + DATA.bank;
  let storageWorks = true;
  function fresh() {
    return { name: "", mode: null, practice: null, exam: null };
  }
  function load() {
    try {
      const saved = window.localStorage.getItem(KEY);
      const state = saved ? JSON.parse(saved) : null;
      if (state && typeof state === "object" && "mode" in state) return state;
    } catch (e) {
      storageWorks = false;
    }
    return fresh();
  }
  function save() {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(state));
      // Progress on an older version of these questions can never be resumed: drop it.
      for (let i = window.localStorage.length - 1; i >= 0; i--) {
        const k = window.localStorage.key(i);
        if (k && k.startsWith(KEY_PREFIX) && k !== KEY) window.localStorage.removeItem(k);
      }
    } catch (e) {
      storageWorks = false;
    }
  }
  function forget() {
    try {
      window.localStorage.removeItem(KEY);
    } catch (e) {
      storageWorks = false;
    }
  }
  let state = load();

  // ---- DOM helpers: text only ----
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "class") node.className = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else if (name === "checked" || name === "disabled" || name === "value") node[name] = value;
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }
  const app = document.getElementById("app");
  const announcer = el("div", { id: "announce", class: "sr-only", role: "status", "aria-live": "polite" });
  document.body.append(announcer);
  function announce(text) {
    announcer.textContent = "";
    // A fresh text node, a moment later: screen readers announce a change, not a repeat of the same text.
    window.setTimeout(() => (announcer.textContent = text), 50);
  }
  let uid = 0;
  function nextId(prefix) {
    uid += 1;
    return prefix + "-" + uid;
  }
  const TYPE_NAMES = {
    mcq: "Multiple choice",
    "true-false": "True or false",
    short: "Short answer",
    cloze: "Fill in the blanks",
  };

  // ---- The answer controls of one item. Returns [element, read()] ----
  function controls(item, given, locked, onChange) {
    const name = nextId("q");
    if (item.type === "mcq" || item.type === "true-false") {
      const legend = el("legend", { class: "prompt" }, item.prompt);
      const list = el("div", { class: "options" });
      item.options.forEach((text, i) => {
        const id = name + "-" + i;
        const input = el("input", {
          type: "radio", name, id, value: String(i), checked: given === i, disabled: locked,
          onchange: onChange,
        });
        const letter = item.type === "mcq" ? el("span", { class: "letter", "aria-hidden": "true" }, LETTERS[i]) : null;
        const label = el("label", { for: id, class: "option" }, input, letter, el("span", { class: "text" }, text));
        if (locked && i === item.correct) label.classList.add("is-answer");
        if (locked && i === given && i !== item.correct) label.classList.add("is-wrong");
        list.append(label);
      });
      const box = el("fieldset", { class: "answer" }, legend, list);
      return [box, () => {
        const picked = box.querySelector("input:checked");
        return picked ? Number(picked.value) : null;
      }];
    }
    if (item.type === "short") {
      const id = name + "-text";
      const input = el("input", {
        type: "text", id, class: "typed", autocomplete: "off", autocapitalize: "off", spellcheck: "false",
        value: typeof given === "string" ? given : "", disabled: locked, oninput: onChange,
      });
      const box = el("div", { class: "answer" },
        el("p", { class: "prompt", id: id + "-prompt" }, item.prompt),
        el("label", { for: id, class: "field-label" }, "Your answer"), input);
      input.setAttribute("aria-describedby", id + "-prompt");
      return [box, () => input.value];
    }
    // cloze: the sentence with a text box per blank
    const inputs = [];
    const sentence = el("p", { class: "prompt cloze" });
    for (const part of item.parts) {
      if (typeof part === "string") {
        sentence.append(part);
        continue;
      }
      const blank = item.blanks[part];
      const label = "Blank " + (part + 1) + " of " + item.blanks.length + (blank.hint ? " (hint: " + blank.hint + ")" : "");
      const input = el("input", {
        type: "text", class: "typed blank", "aria-label": label, autocomplete: "off", autocapitalize: "off",
        spellcheck: "false", placeholder: blank.hint || null, disabled: locked, oninput: onChange,
        value: Array.isArray(given) && typeof given[part] === "string" ? given[part] : "",
      });
      inputs.push(input);
      sentence.append(input);
    }
    const legend = el("legend", { class: "sr-only" }, "Fill in the blanks");
    const box = el("fieldset", { class: "answer" }, legend, sentence);
    return [box, () => inputs.map((i) => i.value)];
  }

  function evidenceBlock(item, headingLevel) {
    const h = "h" + headingLevel;
    const out = el("div", { class: "evidence" });
    if (item.type === "true-false" && item.correction) {
      out.append(el("p", { class: "correction" }, el("strong", {}, "What is true: "), item.correction));
    }
    out.append(el(h, {}, "From the source"));
    for (const e of item.evidence) {
      out.append(el("figure", {}, el("blockquote", {}, e.quote), el("figcaption", {}, e.cite)));
    }
    if (item.explanation) out.append(el(h, {}, "Why"), el("p", { class: "explanation" }, item.explanation));
    return out;
  }

  function verdictBlock(item, given, verdict) {
    const texts = {
      correct: ["Correct.", "ok"],
      close: ["Accepted, with a small spelling slip.", "ok"],
      wrong: ["Not right.", "bad"],
      unanswered: ["Not answered.", "bad"],
    };
    const [headline, tone] = texts[verdict];
    const box = el("div", { class: "verdict " + tone });
    box.append(el("p", { class: "headline" }, el("span", { class: "mark", "aria-hidden": "true" }, tone === "ok" ? "\u2713 " : "\u2717 "), headline));
    if (isAnswered(item, given)) box.append(el("p", {}, "Your answer: ", el("span", { class: "given" }, givenText(item, given))));
    if (verdict !== "correct") {
      box.append(el("p", {}, verdict === "close" ? "Spelled: " : "The answer: ", el("strong", {}, answerText(item))));
    }
    if (item.type === "short" && item.aliases.length) box.append(el("p", { class: "muted" }, "Also accepted: " + item.aliases.join("; ")));
    return box;
  }
  function spokenVerdict(item, given, verdict) {
    if (verdict === "correct") return "Correct.";
    if (verdict === "close") return "Accepted, with a small spelling slip. Spelled: " + answerText(item) + ".";
    return (verdict === "unanswered" ? "Not answered." : "Not right.") + " The answer: " + answerText(item) + ".";
  }

  // ---- Results a learner hands in ----
  function results(mode) {
    const answers = ITEMS.map((item) => {
      let given = null;
      let tries = 0;
      if (mode === "exam") given = state.exam.answers[item.id];
      else {
        const a = state.practice.answers[item.id];
        if (a) {
          given = a.given;
          tries = a.tries;
        }
      }
      const verdict = judge(item, given);
      const row = { number: item.n, id: item.id, type: item.type, answer: givenText(item, given), expected: answerText(item), verdict };
      if (mode === "practice") row.tries = tries;
      return row;
    });
    const score = { points: 0, total: ITEMS.length, correct: 0, close: 0, wrong: 0, unanswered: 0 };
    for (const a of answers) {
      score[a.verdict] += 1;
      score.points += POINTS[a.verdict];
    }
    return {
      quiz: DATA.title, deck: DATA.deck, form: DATA.form, bank: DATA.bank, mode, name: state.name,
      finished: new Date().toISOString(), score, answers,
    };
  }
  function csvField(value) {
    let text = String(value === null || value === undefined ? "" : value);
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text; // a spreadsheet would run it as a formula
    return '"' + text.replace(/"/g, '""') + '"';
  }
  function toCsv(r) {
    const head = ["name", "deck", "form", "mode", "number", "id", "type", "answer", "expected", "verdict", "tries"];
    const lines = [head.join(",")];
    for (const a of r.answers) {
      lines.push([r.name, r.deck, r.form, r.mode, a.number, a.id, a.type, a.answer, a.expected, a.verdict,
        a.tries === undefined ? "" : a.tries].map(csvField).join(","));
    }
    lines.push([r.name, r.deck, r.form, r.mode, "", "score", "", "", "", r.score.points + "/" + r.score.total, ""].map(csvField).join(","));
    return lines.join("\r\n") + "\r\n";
  }
  function fileStem(mode) {
    const who = (state.name || "").normalize("NFKD").replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "").toLowerCase();
    return [DATA.deck, DATA.form ? "form-" + DATA.form : "", mode, who].filter((x) => x).join("-");
  }
  function download(name, text, type) {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const a = el("a", { href: url, download: name, class: "sr-only" }, name);
    document.body.append(a);
    a.click();
    a.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
  function handIn(mode) {
    const r = results(mode);
    const json = JSON.stringify(r, null, 2);
    const areaId = nextId("results");
    const area = el("textarea", { id: areaId, readonly: true, rows: "6", class: "results-text", spellcheck: "false" });
    area.value = json;
    const copied = el("span", { class: "muted", role: "status" });
    const box = el("section", { class: "hand-in", "aria-labelledby": areaId + "-h" },
      el("h3", { id: areaId + "-h" }, "Hand in your results"),
      el("p", {}, "Download a file or copy the text, and send it to your trainer."),
      el("div", { class: "buttons" },
        el("button", { type: "button", onclick: () => download(fileStem(mode) + ".json", JSON.stringify(results(mode), null, 2) + "\n", "application/json") }, "Download JSON"),
        el("button", { type: "button", onclick: () => download(fileStem(mode) + ".csv", toCsv(results(mode)), "text/csv") }, "Download CSV"),
        el("button", {
          type: "button", onclick: () => {
            area.value = JSON.stringify(results(mode), null, 2);
            area.focus();
            area.select();
            const done = () => (copied.textContent = "Copied.");
            const manual = () => {
              let ok = false;
              try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
              copied.textContent = ok ? "Copied." : "Selected: press Ctrl+C (or \u2318+C) to copy.";
            };
            if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(area.value).then(done, manual);
            else manual();
          },
        }, "Copy results"), copied),
      el("label", { for: areaId, class: "field-label" }, "Results as text"), area);
    return box;
  }

  // ---- Screens ----
  function toolbar(label) {
    const bar = el("div", { class: "toolbar" }, el("p", { class: "mode" }, label));
    const confirmBox = el("div", { class: "confirm", hidden: true, role: "group", "aria-label": "Start over?" },
      el("p", {}, "Erase your answers and start again?"),
      el("button", { type: "button", class: "danger", onclick: startOver }, "Erase and start over"),
      el("button", { type: "button", onclick: () => { confirmBox.hidden = true; ask.focus(); } }, "Keep my answers"));
    const ask = el("button", { type: "button", class: "quiet", onclick: () => {
      confirmBox.hidden = false;
      confirmBox.querySelector("button").focus();
    } }, "Start over");
    bar.append(ask, confirmBox);
    return bar;
  }
  function startOver() {
    forget();
    const name = state.name;
    state = fresh();
    state.name = name;
    save();
    showStart();
    announce("Your answers were erased.");
  }
  function storageNote() {
    return storageWorks ? null : el("p", { class: "note" }, "This browser does not let the page save your progress: finish in one sitting.");
  }
  function render(...nodes) {
    app.replaceChildren(...nodes.filter((n) => n));
  }

  function showStart() {
    const counts = {};
    for (const item of ITEMS) counts[item.type] = (counts[item.type] || 0) + 1;
    const kinds = Object.keys(TYPE_NAMES).filter((t) => counts[t]).map((t) => counts[t] + " " + TYPE_NAMES[t].toLowerCase());
    const nameInput = el("input", { type: "text", id: "learner-name", autocomplete: "name", value: state.name,
      oninput: (e) => { state.name = e.target.value; save(); } });
    const practice = el("button", { type: "button", class: "primary", onclick: () => beginPractice() }, "Practice");
    const exam = el("button", { type: "button", class: "primary", onclick: () => beginExam() }, "Exam");
    const first = DATA.mode === "exam" ? [exam, practice] : [practice, exam];
    render(
      el("h2", { id: "start-heading", tabindex: "-1" }, "How do you want to take this quiz?"),
      el("p", {}, ITEMS.length + " questions: " + kinds.join(", ") + "."),
      el("ul", { class: "modes" },
        el("li", {}, el("strong", {}, "Practice"), ": one question at a time; you see at once whether you were right, with the passage of the article it comes from. Questions you miss come back at the end."),
        el("li", {}, el("strong", {}, "Exam"), ": answer every question, then submit to see your score and a review of each answer.")),
      el("div", { class: "field" }, el("label", { for: "learner-name", class: "field-label" }, "Your name (it goes into the results you hand in)"), nameInput),
      el("div", { class: "buttons" }, first),
      storageNote());
  }

  // Practice: a queue of item ids; a missed item goes back to the end of it.
  function beginPractice() {
    state.mode = "practice";
    if (!state.practice) state.practice = { queue: ITEMS.map((i) => i.id), pos: 0, answers: {}, shown: null };
    save();
    showPractice(true);
  }
  function practiceScore() {
    let right = 0;
    for (const a of Object.values(state.practice.answers)) right += POINTS[judge(BY_ID.get(a.id), a.given)];
    return right;
  }
  function showPractice(focus) {
    const p = state.practice;
    if (p.pos >= p.queue.length) return showPracticeDone();
    const item = BY_ID.get(p.queue[p.pos]);
    if (!item) { p.pos += 1; save(); return showPractice(focus); }
    const shown = p.shown;
    const locked = shown !== null;
    const [box, read] = controls(item, locked ? shown.given : null, locked, () => (hint.textContent = ""));
    const hint = el("p", { class: "hint", role: "alert" });
    const answered = Object.keys(p.answers).length;
    const again = p.pos >= ITEMS.length;
    const form = el("form", { class: "question", novalidate: true, onsubmit: (e) => {
      e.preventDefault();
      if (state.practice.shown) return;
      const given = read();
      if (!isAnswered(item, given)) {
        hint.textContent = item.type === "mcq" || item.type === "true-false" ? "Choose an answer first." : "Type an answer first.";
        return;
      }
      const verdict = judge(item, given);
      const record = p.answers[item.id];
      if (record) record.tries += 1;
      else p.answers[item.id] = { id: item.id, given, tries: 1 };
      if (verdict === "wrong") p.queue.push(item.id);
      p.shown = { given, verdict };
      save();
      showPractice(false);
      announce(spokenVerdict(item, given, verdict));
      document.getElementById("next").focus();
    } }, box);
    const heading = el("h2", { id: "q-heading", tabindex: "-1" }, "Question " + (p.pos + 1) + " of " + p.queue.length);
    const meta = el("p", { class: "meta" }, (again ? "Again: " : "") + TYPE_NAMES[item.type] + " \u00b7 topic: " + item.topic);
    if (!locked) form.append(hint, el("div", { class: "buttons" }, el("button", { type: "submit", class: "primary" }, "Check")));
    const parts = [toolbar("Practice \u00b7 " + practiceScore() + " right of " + answered + " answered"), heading, meta, form];
    if (locked) {
      parts.push(verdictBlock(item, shown.given, shown.verdict), evidenceBlock(item, 3));
      if (shown.verdict === "wrong") parts.push(el("p", { class: "muted" }, "This question comes back at the end."));
      parts.push(el("div", { class: "buttons" }, el("button", { type: "button", id: "next", class: "primary", onclick: () => {
        p.pos += 1;
        p.shown = null;
        save();
        showPractice(true);
      } }, p.pos + 1 < p.queue.length ? "Next question" : "Finish")));
    }
    parts.push(storageNote());
    render(...parts);
    if (focus) {
      const first = app.querySelector("form input:not([disabled])");
      (first || heading).focus();
    }
  }
  function showPracticeDone() {
    const r = results("practice");
    render(toolbar("Practice finished"),
      el("h2", { id: "done-heading", tabindex: "-1" }, "Practice finished"),
      el("p", { class: "score" }, "Right the first time: " + ITEMS.filter((i) => {
        const a = state.practice.answers[i.id];
        return a && a.tries === 1 && POINTS[judge(i, a.given)] === 1;
      }).length + " of " + ITEMS.length + ". Every question answered right in the end."),
      el("p", {}, "Your first answers score " + r.score.points + " of " + r.score.total + "."),
      handIn("practice"),
      el("div", { class: "buttons" }, el("button", { type: "button", class: "primary", onclick: () => beginExam() }, "Now take the exam")));
    document.getElementById("done-heading").focus();
    announce("Practice finished.");
  }

  // Exam: every question on one page; answers saved as they are given.
  function beginExam() {
    state.mode = "exam";
    if (!state.exam) state.exam = { answers: {}, submitted: false };
    save();
    showExam(true);
  }
  function showExam(focus) {
    const ex = state.exam;
    if (ex.submitted) return showExamReview(focus);
    const readers = [];
    const status = el("p", { class: "meta", "aria-live": "off" });
    const count = () => ITEMS.filter((i) => isAnswered(i, ex.answers[i.id])).length;
    const update = () => (status.textContent = count() + " of " + ITEMS.length + " answered");
    const list = el("ol", { class: "exam" });
    let section = null;
    for (const item of ITEMS) {
      if (item.section && item.section !== section) {
        section = item.section;
        list.append(el("li", { class: "section" }, el("h3", {}, section)));
      }
      let read = null;
      const [box, reader] = controls(item, ex.answers[item.id] ?? null, false, () => {
        ex.answers[item.id] = read();
        save();
        update();
      });
      read = reader;
      readers.push([item, reader]);
      const headingId = nextId("exam-q");
      list.append(el("li", { class: "exam-item", "aria-labelledby": headingId, "data-id": item.id },
        el("h3", { id: headingId }, "Question " + item.n, el("span", { class: "kind" }, " \u00b7 " + TYPE_NAMES[item.type])), box));
    }
    update();
    // Submitting with questions left blank asks once, in the page (no dialog box).
    const confirmBox = el("div", { class: "confirm", hidden: true, role: "alert" });
    let sure = false;
    const form = el("form", { novalidate: true, onsubmit: (e) => {
      e.preventDefault();
      for (const [item, reader] of readers) ex.answers[item.id] = reader();
      const left = ITEMS.length - count();
      if (left > 0 && !sure) {
        confirmBox.replaceChildren(
          el("p", {}, left + (left === 1 ? " question is" : " questions are") + " not answered. Submit anyway?"),
          el("button", { type: "button", class: "primary", onclick: () => { sure = true; form.requestSubmit(); } }, "Submit anyway"),
          el("button", { type: "button", onclick: () => {
            confirmBox.hidden = true;
            const blank = ITEMS.find((i) => !isAnswered(i, ex.answers[i.id]));
            const input = blank && list.querySelector("[data-id='" + CSS.escape(blank.id) + "'] input");
            if (input) input.focus();
          } }, "Keep answering"));
        confirmBox.hidden = false;
        confirmBox.querySelector("button").focus();
        return;
      }
      ex.submitted = true;
      save();
      showExamReview(true);
    } }, list, el("div", { class: "buttons sticky" }, el("button", { type: "submit", class: "primary" }, "Submit answers"), status, confirmBox));
    const heading = el("h2", { id: "exam-heading", tabindex: "-1" }, "Exam");
    render(toolbar("Exam \u00b7 " + ITEMS.length + " questions"), heading,
      el("p", {}, "Answer every question, then submit. Your answers are kept in this browser until you start over."),
      form, storageNote());
    if (focus) heading.focus();
  }
  function showExamReview(focus) {
    const r = results("exam");
    const list = el("ol", { class: "review" });
    for (const item of ITEMS) {
      const given = state.exam.answers[item.id] ?? null;
      const verdict = judge(item, given);
      const [box] = controls(item, given, true, () => {});
      list.append(el("li", { class: "exam-item" }, el("h3", {}, "Question " + item.n), box,
        verdictBlock(item, given, verdict), evidenceBlock(item, 4)));
    }
    const s = r.score;
    const heading = el("h2", { id: "score-heading", tabindex: "-1" }, "Your score: " + s.points + " of " + s.total);
    render(toolbar("Exam submitted"), heading,
      el("p", { class: "score" }, s.correct + " correct, " + s.close + " accepted with a spelling slip, " + s.wrong + " wrong, " + s.unanswered + " not answered."),
      handIn("exam"), el("h2", {}, "Review"), list);
    if (focus) {
      heading.focus();
      announce("Submitted. Your score: " + s.points + " of " + s.total + ".");
    }
  }

  try {
    if (state.mode === "practice" && state.practice) showPractice(true);
    else if (state.mode === "exam" && state.exam) showExam(true);
    else showStart();
  } catch (e) {
    // Saved progress this page cannot read (damaged, or edited by hand): start afresh rather than show nothing.
    state = fresh();
    save();
    showStart();
    app.prepend(el("p", { class: "note", role: "alert" }, "Your saved progress could not be read, so the quiz starts afresh."));
  }
})();
