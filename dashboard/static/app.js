// The organisers' dashboard (docs/dashboard.md): a few pages over the bot's JSON API.
// Every value from the server is put in the page as text (textContent, SVG text nodes):
// never as HTML. No framework and no build: this file is served as it is.
"use strict";
(function () {
  const tg = window.Telegram && window.Telegram.WebApp;
  const API = "api/";
  let T = {};
  let ME = null;

  // ------------------------------------------------------------------ initData

  function initData() {
    if (tg && tg.initData) return tg.initData;
    // Telegram passes it in the address (#tgWebAppData=...); telegram-web-app.js reads it
    // from there too. Kept for a reload of the page.
    const hash = new URLSearchParams(location.hash.slice(1));
    const found = hash.get("tgWebAppData");
    if (found) {
      sessionStorage.setItem("tgWebAppData", found);
      return found;
    }
    return sessionStorage.getItem("tgWebAppData") || "";
  }
  const INIT = initData();

  // ------------------------------------------------------------------ helpers

  function t(key, args) {
    let text = T[key] || key;
    for (const [name, value] of Object.entries(args || {})) {
      text = text.split("{" + name + "}").join(String(value));
    }
    return text;
  }

  // An element with properties and children; strings become text nodes.
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (key === "on") {
        for (const [type, fn] of Object.entries(value)) node.addEventListener(type, fn);
      } else if (key === "data") {
        for (const [name, v] of Object.entries(value)) node.dataset[name] = v;
      } else if (key.startsWith("aria") || key === "role" || key === "for") {
        node.setAttribute(key === "for" ? "for" : key.replace(/^aria/, "aria-").toLowerCase(), value);
      } else {
        node[key] = value;
      }
    }
    append(node, children);
    return node;
  }
  function append(node, children) {
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }
  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }
  const page = () => document.getElementById("page");
  function status(text, isError) {
    const node = document.getElementById("status");
    node.textContent = text || "";
    node.className = isError ? "error" : "muted";
  }

  class Refused extends Error {}

  async function api(path, options) {
    const opts = Object.assign({ headers: {} }, options || {});
    opts.headers = Object.assign({ Authorization: "tma " + INIT }, opts.headers);
    const response = await fetch(API + path, opts);
    if (response.status === 401 || response.status === 403) {
      const body = await response.json().catch(() => ({}));
      const expired = body.error === "initData expired";
      status(expired ? t("dashboard-expired") : INIT ? t("dashboard-denied") : t("dashboard-no-telegram"), true);
      throw new Refused(body.error || String(response.status));
    }
    return response;
  }
  async function getJSON(path) {
    const response = await api(path);
    const body = await response.json();
    if (!response.ok) throw new Error(body.error || t("dashboard-failed"));
    return body;
  }
  async function postJSON(path, data) {
    const response = await api(path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(data),
    });
    const body = await response.json();
    if (!response.ok) throw new Error(body.error || t("dashboard-failed"));
    return body;
  }

  // ------------------------------------------------------------------ charts (SVG)

  const SVG = "http://www.w3.org/2000/svg";
  const COLORS = ["#2b6cb0", "#dd6b20", "#38a169", "#805ad5", "#d53f8c", "#718096"];

  function svg(tag, attrs, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  // Horizontal grouped bars: rows [{label, values: [n, ...]}], series [name, ...];
  // `target` draws a dashed line at that value (a quota, say).
  function barChart(rows, series, target) {
    const labelWidth = 170, width = 720, bar = 14, gap = 10, right = 50;
    const group = bar * series.length + gap;
    const height = Math.max(40, rows.length * group + 30);
    const max = Math.max(1, target || 0, ...rows.flatMap((r) => r.values));
    const scale = (width - labelWidth - right) / max;
    const chart = svg("svg", { class: "chart", viewBox: `0 0 ${width} ${height}`, role: "img" });
    rows.forEach((row, i) => {
      const y = 10 + i * group;
      const label = row.label.length > 26 ? row.label.slice(0, 25) + "…" : row.label;
      const title = svg("text", { x: labelWidth - 6, y: y + (bar * series.length) / 2 + 4, "text-anchor": "end" }, label);
      title.appendChild(svg("title", {}, row.label));
      chart.appendChild(title);
      row.values.forEach((value, j) => {
        const w = Math.max(value * scale, value ? 2 : 0);
        chart.appendChild(svg("rect", { x: labelWidth, y: y + j * bar, width: w, height: bar - 2, fill: COLORS[j % COLORS.length] }));
        chart.appendChild(svg("text", { x: labelWidth + w + 4, y: y + j * bar + bar - 4 }, value));
      });
    });
    if (target) {
      const x = labelWidth + target * scale;
      chart.appendChild(svg("line", { x1: x, x2: x, y1: 0, y2: height - 16, stroke: "#b42318", "stroke-dasharray": "4 3" }));
    }
    const box = el("div", { className: "chart-box" });
    if (series.length > 1) {
      box.append(el("div", { className: "legend" }, series.map((name, j) => {
        const item = el("span", {}, name);
        item.style.setProperty("--c", COLORS[j % COLORS.length]);
        return item;
      })));
    }
    box.append(chart);
    return box;
  }

  // ------------------------------------------------------------------ registrations

  const reg = { status: "", economy: "", funding: "", gender: "", q: "", sort: "submitted_at", dir: "asc", page: 1, size: 50 };
  let selected = new Set();
  let searchTimer = null;

  function choiceSelect(name, label, choices) {
    const select = el("select", { name, on: { change: () => { reg[name] = select.value; reg.page = 1; loadRegistrations(); } } },
      el("option", { value: "" }, t("dashboard-filter-any")),
      choices.map((c) => el("option", { value: c.value, selected: reg[name] === c.value }, c.label)));
    return el("label", {}, label, select);
  }

  async function renderRegistrationsShell() {
    const f = ME.filters;
    const search = el("input", {
      type: "search", name: "q", value: reg.q, placeholder: t("dashboard-search"),
      on: { input: () => { clearTimeout(searchTimer); searchTimer = setTimeout(() => { reg.q = search.value; reg.page = 1; loadRegistrations(); }, 250); } },
    });
    const reason = el("input", { type: "text", name: "reason", maxLength: 500, placeholder: t("dashboard-reason") });
    const confirmBox = el("span", { id: "confirm" });
    const actions = ["approve", "waitlist", "reject"].map((action) =>
      el("button", { type: "button", name: action, on: { click: () => askConfirm(action, reason, confirmBox) } }, t("dashboard-" + action)));
    clear(page()).append(
      el("div", { className: "filters" },
        choiceSelect("status", t("dashboard-filter-status"), f.statuses),
        choiceSelect("economy", t("dashboard-filter-economy"), f.economies),
        choiceSelect("funding", t("dashboard-filter-funding"), f.fundings),
        choiceSelect("gender", t("dashboard-filter-gender"), f.genders),
        el("label", {}, t("dashboard-search"), search)),
      el("div", { className: "bulk" }, el("span", { id: "selected" }), reason, actions, confirmBox),
      el("div", { id: "bulk-result", role: "status" }),
      el("div", { className: "scroll" }, el("table", { className: "regs", id: "regs" })),
      el("div", { className: "pager", id: "pager" }));
    updateSelected();
    await loadRegistrations();
  }

  function updateSelected() {
    const node = document.getElementById("selected");
    if (node) node.textContent = t("dashboard-selected", { count: selected.size });
  }

  function askConfirm(action, reason, box) {
    clear(box);
    if (!selected.size) {
      box.append(el("span", { className: "error" }, T["dashboard-error-none-selected"]));
      return;
    }
    box.append(
      el("span", {}, t("dashboard-confirm", { action: t("dashboard-" + action), count: selected.size }), " "),
      el("button", { type: "button", className: "primary", name: "confirm", on: { click: () => decide(action, reason.value, box) } }, "OK"),
      el("button", { type: "button", on: { click: () => clear(box) } }, "×"));
  }

  async function decide(action, reason, box) {
    clear(box);
    const result = document.getElementById("bulk-result");
    result.textContent = t("dashboard-loading");
    try {
      const body = await postJSON("decisions", { action, ids: [...selected], reason });
      result.textContent = body.message;
      result.className = "";
      selected = new Set();
      updateSelected();
      loadRegistrations();
    } catch (error) {
      if (!(error instanceof Refused)) { result.textContent = error.message; result.className = "error"; }
    }
  }

  const CLIP = 80; // characters of a table cell; the detail view shows every one
  const COLUMNS = [
    ["status", "dashboard-col-status", (r) => r.status_label, ""],
    ["economy", "dashboard-col-economy", (r) => r.economy_name, ""],
    ["name", "dashboard-col-name", null, "name"],
    ["organisation", "dashboard-col-organisation", (r) => r.organisation, "opt wrap"],
    ["role", "dashboard-col-role", (r) => r.role, "opt"],
    ["gender", "dashboard-col-gender", (r) => r.gender, "opt"],
    ["funding", "dashboard-col-funding", (r) => r.funding_label, ""],
    ["submitted_at", "dashboard-col-submitted", (r) => r.submitted_at, "opt"],
    ["travel", "dashboard-col-travel", (r) => r.travel, "opt"],
  ];

  async function loadRegistrations() {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(reg)) if (value !== "") params.set(key, value);
    let data;
    try {
      data = await getJSON("registrations?" + params);
    } catch (error) {
      if (!(error instanceof Refused)) status(error.message, true);
      return;
    }
    status("");
    const table = document.getElementById("regs");
    if (!table) return;
    const all = el("input", { type: "checkbox", ariaLabel: t("dashboard-select-all"), title: t("dashboard-select-all"),
      on: { change: () => { data.rows.forEach((r) => all.checked ? selected.add(r.id) : selected.delete(r.id)); updateSelected(); loadRegistrations(); } } });
    all.checked = data.rows.length > 0 && data.rows.every((r) => selected.has(r.id));
    const head = el("tr", {}, el("th", {}, all), COLUMNS.map(([key, label, , cls]) => {
      const mark = reg.sort === key ? (reg.dir === "asc" ? " ▲" : " ▼") : "";
      return el("th", { className: cls.split(" ").includes("opt") ? "opt" : "" }, el("button", { type: "button", data: { sort: key },
        on: { click: () => { reg.dir = reg.sort === key && reg.dir === "asc" ? "desc" : "asc"; reg.sort = key; loadRegistrations(); } } },
        t(label) + mark));
    }));
    const body = data.rows.map((row) => {
      const box = el("input", { type: "checkbox", checked: selected.has(row.id), ariaLabel: row.name, data: { id: row.id },
        on: { change: () => { box.checked ? selected.add(row.id) : selected.delete(row.id); updateSelected(); } } });
      return el("tr", { data: { id: row.id } }, el("td", { className: "sel" }, box), COLUMNS.map(([key, , get, cls]) => {
        if (key === "name") {
          return el("td", { className: "name" }, el("a", { tabIndex: 0, role: "button", on: { click: () => openRegistration(row.id) } },
            (row.name || "—").length > CLIP ? row.name.slice(0, CLIP) + "…" : row.name || "—"),
            row.focal_point ? " ⭐" : "");
        }
        const value = String(get(row) ?? "");
        // A long value is clipped in the table (in full as the cell's title and in the detail).
        return el("td", { className: cls, title: value.length > CLIP ? value : "" },
          value.length > CLIP ? value.slice(0, CLIP) + "…" : value);
      }));
    });
    clear(table).append(el("thead", {}, head), el("tbody", {}, body));
    if (!data.rows.length) table.append(el("tbody", {}, el("tr", {}, el("td", { colSpan: 10, className: "muted" }, t("dashboard-none-found")))));
    const pages = Math.max(1, Math.ceil(data.total / data.size));
    const from = data.total ? (data.page - 1) * data.size + 1 : 0;
    const to = Math.min(data.total, data.page * data.size);
    clear(document.getElementById("pager")).append(
      el("button", { type: "button", name: "prev", disabled: data.page <= 1, on: { click: () => { reg.page -= 1; loadRegistrations(); } } }, t("dashboard-previous")),
      el("span", { id: "shown" }, t("dashboard-shown", { from, to, total: data.total })),
      el("button", { type: "button", name: "next", disabled: data.page >= pages, on: { click: () => { reg.page += 1; loadRegistrations(); } } }, t("dashboard-next")));
  }

  async function openRegistration(id) {
    let data;
    try { data = await getJSON("registrations/" + id); } catch (error) { if (!(error instanceof Refused)) status(error.message, true); return; }
    const dialog = document.getElementById("detail");
    clear(document.getElementById("detail-body")).append(
      el("h2", {}, data.name || "—"),
      el("p", {}, data.status_label, " · ", data.funding_label, " · ", data.economy_name, data.focal_point ? " · " + t("dashboard-focal-point") : ""),
      el("p", { className: "muted" }, data.submitted_at, " · Telegram ID ", data.user_id),
      el("h3", {}, t("dashboard-answers")),
      el("dl", {}, data.answers.map((a) => [el("dt", {}, a.label), el("dd", {}, a.value)])),
      el("h3", {}, t("dashboard-history")),
      el("ul", {}, data.history.map((h) => el("li", {}, h.at, ": ", h.from_status ? h.from_status + " → " : "", h.to_status,
        h.actor_id ? " (" + t("dashboard-by", { actor: h.actor_id }) + ")" : "", h.reason ? " — " + h.reason : ""))));
    if (dialog.showModal) dialog.showModal(); else dialog.setAttribute("open", "");
  }

  // ------------------------------------------------------------------ quotas

  async function renderQuotas() {
    const data = await getJSON("quotas");
    status("");
    const series = [t("dashboard-funded"), t("dashboard-alternates"), t("dashboard-waiting"), t("dashboard-women")];
    clear(page()).append(
      el("h2", {}, t("dashboard-quotas-title")),
      el("p", { className: "muted" }, t("dashboard-quotas-limits", { funded: data.funded_max, alternates: data.alternates_max, women: data.women_target })),
      barChart(data.rows.map((r) => ({ label: r.name, values: [r.funded, r.alternates, r.waitlisted, r.women] })), series),
      el("div", { className: "scroll" }, el("table", {},
        el("thead", {}, el("tr", {}, el("th", {}, t("dashboard-col-economy")), series.map((s) => el("th", { className: "num" }, s)))),
        el("tbody", {}, data.rows.map((r) => el("tr", {}, el("td", {}, r.name),
          el("td", { className: "num" }, `${r.funded} / ${data.funded_max}`),
          el("td", { className: "num" }, `${r.alternates} / ${data.alternates_max}`),
          el("td", { className: "num" }, r.waitlisted),
          el("td", { className: "num" }, `${r.women} / ${data.women_target}`)))))));
  }

  // ------------------------------------------------------------------ participation

  async function renderParticipation() {
    const data = await getJSON("participation");
    status("");
    const scopes = [t("dashboard-registered"), t("dashboard-approved"), t("dashboard-attended")];
    const rows = (items) => items.map((i) => ({ label: i.label, values: [i.registered, i.approved, i.attended] }));
    const root = clear(page());
    root.append(
      el("p", {}, scopes.map((s, i) => `${s}: ${[data.totals.registered, data.totals.approved, data.totals.attended][i]}`).join(" · ")),
      el("h2", {}, t("dashboard-by-status")),
      barChart(data.by_status.map((s) => ({ label: s.label, values: [s.count] })), [t("dashboard-col-status")]));
    for (const [dimension, key] of [["gender", "dashboard-by-gender"], ["economy", "dashboard-by-economy"], ["sector", "dashboard-by-sector"], ["role", "dashboard-by-role"]]) {
      const items = data.breakdowns[dimension] || [];
      if (!items.length) continue;
      root.append(el("h2", {}, t(key)), barChart(rows(items), scopes));
    }
    root.append(el("h2", {}, t("dashboard-attendance")),
      barChart(data.attendance.map((d) => ({ label: d.day, values: [d.total] })), [t("dashboard-attended")]),
      el("ul", {}, data.attendance.map((d) => el("li", {}, d.day, ": ", d.total, d.by_gender.length ? " (" + d.by_gender.map((g) => `${g.label} ${g.count}`).join(", ") + ")" : ""))));
    if (data.erased) root.append(el("p", { className: "muted" }, t("dashboard-erased", { count: data.erased })));
  }

  // ------------------------------------------------------------------ surveys

  async function renderSurveys(surveyId) {
    const list = await getJSON("surveys");
    const root = clear(page());
    if (!list.length) { status(""); root.append(el("p", {}, t("dashboard-no-surveys"))); return; }
    const current = surveyId || list[0].id;
    const pick = el("select", { name: "survey", on: { change: () => renderSurveys(pick.value) } },
      list.map((s) => el("option", { value: s.id, selected: s.id === current }, s.title)));
    root.append(el("div", { className: "filters" }, el("label", {}, t("dashboard-survey-pick"), pick)));
    const data = await getJSON("surveys/" + encodeURIComponent(current));
    const rate = data.rate;
    append(root, [el("h2", {}, data.title),
      data.anonymous ? el("p", { className: "muted" }, t("dashboard-anonymous")) : null,
      el("p", {}, t("dashboard-rate", { responded: rate.responded, audience: rate.audience, percent: rate.percent }))]);
    if (rate.per_economy.length) {
      root.append(el("h3", {}, t("dashboard-rate-economy")),
        barChart(rate.per_economy.map((e) => ({ label: e.name, values: [e.percent] })), ["%"]));
    }
    for (const q of data.questions) {
      const box = el("div", { className: "question" }, el("h3", {}, q.text),
        el("p", { className: "muted" }, t("dashboard-answered", { answered: q.answered, skipped: q.skipped }),
          q.mean !== null ? " · " + t("dashboard-mean", { mean: q.mean, median: q.median }) : ""));
      if (q.counts.length) box.append(barChart(q.counts.map((c) => ({ label: c.label, values: [c.count] })), [q.text]));
      if (q.sessions.length) box.append(barChart(q.sessions.filter((s) => s.mean !== null).map((s) => ({ label: s.title, values: [s.mean] })), [q.text]));
      if (q.texts.length) box.append(el("h3", {}, t("dashboard-free-texts")), el("ul", { className: "texts" }, q.texts.map((text) => el("li", {}, text))));
      root.append(box);
    }
    status("");
  }

  // ------------------------------------------------------------------ tickets

  async function renderTickets(which) {
    const state = which || "open";
    const data = await getJSON("tickets?status=" + state);
    const broadcasts = await getJSON("broadcasts");
    status("");
    const root = clear(page());
    root.append(el("div", { className: "filters" },
      el("button", { type: "button", name: "open", className: state === "open" ? "primary" : "", on: { click: () => renderTickets("open") } }, `${t("dashboard-open")} (${data.counts.open || 0})`),
      el("button", { type: "button", name: "answered", className: state === "answered" ? "primary" : "", on: { click: () => renderTickets("answered") } }, `${t("dashboard-answered-tickets")} (${data.counts.answered || 0})`)));
    const cards = el("div", { className: "cards" });
    if (!data.tickets.length) cards.append(el("p", { className: "muted" }, t("dashboard-no-tickets")));
    for (const ticket of data.tickets) {
      const text = el("textarea", { name: "answer", maxLength: 3500, placeholder: t("dashboard-answer") });
      const note = el("span", { role: "status" });
      const send = el("button", { type: "button", className: "primary", name: "send", on: { click: async () => {
        send.disabled = true;
        try {
          const body = await postJSON(`tickets/${ticket.id}/answer`, { text: text.value });
          note.textContent = body.message; note.className = "";
          text.value = "";
        } catch (error) { if (!(error instanceof Refused)) { note.textContent = error.message; note.className = "error"; } }
        send.disabled = false;
      } } }, t("dashboard-send"));
      cards.append(el("div", { data: { ticket: ticket.id } },
        el("h3", {}, t("dashboard-ticket", { id: ticket.id, who: ticket.who })),
        el("div", { className: "thread" }, ticket.thread.map((m) => el("p", { className: m.from_staff ? "staff" : "" },
          el("span", { className: "muted" }, m.at, " · ", m.from_staff ? t("dashboard-staff") : ticket.who, ": "), m.text))),
        text, send, " ", note));
    }
    root.append(cards, el("h2", {}, t("dashboard-broadcasts")));
    if (!broadcasts.length) root.append(el("p", { className: "muted" }, t("dashboard-no-broadcasts")));
    root.append(el("div", { className: "cards" }, broadcasts.map((b) => el("div", {},
      el("b", {}, `#${b.id} `, b.title), " · ", b.state, " · ", el("span", { className: "muted" }, b.created_at),
      el("div", {}, t("dashboard-delivery", b))))));
  }

  // ------------------------------------------------------------------ downloads

  // Inside Telegram (Bot API 8.0+), its client downloads the file from a short-lived
  // signed link; elsewhere the page fetches it and saves it.
  async function downloadInTelegram(link, note) {
    const body = await postJSON("download-links", link);
    tg.downloadFile({ url: new URL(body.url, location.href).href, file_name: body.file_name });
    note.textContent = t("dashboard-downloaded", { name: body.file_name });
  }

  async function download(path, button, note, link) {
    button.disabled = true;
    note.textContent = t("dashboard-downloading");
    note.className = "muted";
    try {
      if (tg && tg.downloadFile && tg.isVersionAtLeast && tg.isVersionAtLeast("8.0")) {
        await downloadInTelegram(link, note);
        button.disabled = false;
        return;
      }
      const response = await api(path);
      if (!response.ok) throw new Error((await response.json().catch(() => ({}))).error || t("dashboard-failed"));
      const disposition = response.headers.get("Content-Disposition") || "";
      const name = (disposition.match(/filename="([^"]+)"/) || [])[1] || "download";
      const url = URL.createObjectURL(await response.blob());
      const anchor = el("a", { href: url, download: name });
      document.body.append(anchor);
      anchor.click();
      anchor.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      note.textContent = t("dashboard-downloaded", { name });
    } catch (error) {
      if (!(error instanceof Refused)) { note.textContent = error.message; note.className = "error"; }
    }
    button.disabled = false;
  }

  function renderDownloads() {
    status("");
    const note = el("p", { id: "download-note", role: "status" });
    const button = (name, key, path, link, enabled) => {
      const b = el("button", { type: "button", name, disabled: !enabled, on: { click: () => download(path, b, note, link) } }, t(key));
      return b;
    };
    clear(page()).append(el("div", { className: "downloads" },
      button("xlsx", "dashboard-export-xlsx", "export?format=xlsx", { kind: "export", format: "xlsx" }, ME.can_export),
      button("csv", "dashboard-export-csv", "export?format=csv", { kind: "export", format: "csv" }, ME.can_export),
      ME.can_export ? null : el("p", { className: "muted" }, t("dashboard-export-overseer")),
      button("report", "dashboard-report", "report", { kind: "report", format: "docx" }, true)), note);
  }

  // ------------------------------------------------------------------ navigation

  const PAGES = {
    registrations: renderRegistrationsShell,
    quotas: renderQuotas,
    participation: renderParticipation,
    surveys: () => renderSurveys(),
    tickets: () => renderTickets(),
    downloads: renderDownloads,
  };

  async function show(name) {
    for (const button of document.querySelectorAll("#tabs button")) {
      if (button.dataset.page === name) button.setAttribute("aria-current", "page");
      else button.removeAttribute("aria-current");
    }
    document.body.dataset.page = name;
    status(t("dashboard-loading"));
    try {
      await PAGES[name]();
    } catch (error) {
      if (!(error instanceof Refused)) status(error.message || t("dashboard-failed"), true);
    }
  }

  async function start() {
    document.getElementById("detail-close").addEventListener("click", () => document.getElementById("detail").close());
    if (tg) { try { tg.ready(); tg.expand(); } catch (e) { /* outside Telegram */ } }
    if (!INIT) { status("Open the dashboard from the bot: /admin → 📊 Dashboard.", true); return; }
    try {
      ME = await getJSON("me");
    } catch (error) {
      if (!(error instanceof Refused)) status(error.message, true);
      return;
    }
    T = ME.texts;
    document.documentElement.lang = ME.lang;
    document.title = t("dashboard-title");
    document.getElementById("title").textContent = ME.event ? t("dashboard-title") + " · " + ME.event : t("dashboard-title");
    const tabs = clear(document.getElementById("tabs"));
    for (const name of Object.keys(PAGES)) {
      tabs.append(el("button", { type: "button", data: { page: name }, on: { click: () => show(name) } }, t("dashboard-tab-" + name)));
    }
    await show("registrations");
    document.body.dataset.ready = "1";
  }

  start();
})();
