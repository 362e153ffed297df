// evalxl page: upload, poll the job, show results, findings and the marked grid.
"use strict";
(function () {
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const $ = (id) => document.getElementById(id);
  const SEV = { error: "错误", warning: "警告", notice: "提示" };
  let job = null;      // the current job's id
  let data = null;     // its last state
  let timer = null;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") node.className = v; else if (k === "text") node.textContent = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v); else node.setAttribute(k, v);
    }
    for (const c of children) if (c != null) node.append(c);
    return node;
  }
  function num(x) {
    if (x === null || x === undefined || x === "") return "";
    if (typeof x !== "number") return String(x);
    return String(Math.round(x * 10000) / 10000);
  }
  function fixText(f) {
    if (!f.fix) return f.expected === null || f.expected === undefined ? "" : num(f.expected);
    const v = f.fix.value;
    if (typeof v === "number" && f.fix.number_format && f.fix.number_format.includes("%")) return num(v * 100) + "%";
    return num(v);
  }
  function api(path) { return "/api/jobs/" + encodeURIComponent(job) + path; }
  async function json(resp) {
    try { return await resp.json(); } catch (e) { return { error: "服务器没有正确应答，请刷新页面后重试" }; }
  }

  // ---------------------------------------------------------------- profiles
  fetch("/api/profiles").then((r) => r.json()).then((list) => {
    for (const p of list) $("profile").append(el("option", { value: p.id, text: p.title }));
  });

  // ---------------------------------------------------------------- choosing files
  async function walk(entry, prefix, out) {
    if (entry.isFile) {
      const file = await new Promise((ok, bad) => entry.file(ok, bad));
      out.push([file, prefix + file.name]);
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        const batch = await new Promise((ok, bad) => reader.readEntries(ok, bad));
        if (!batch.length) break;
        for (const child of batch) await walk(child, prefix + entry.name + "/", out);
      }
    }
  }
  async function dropped(ev) {
    ev.preventDefault();
    $("drop").classList.remove("over");
    const items = [...(ev.dataTransfer.items || [])].map((i) => i.webkitGetAsEntry && i.webkitGetAsEntry()).filter(Boolean);
    const files = [];
    if (items.length) { for (const e of items) await walk(e, "", files); }
    else for (const f of ev.dataTransfer.files) files.push([f, f.name]);
    upload(files);
  }
  // a file dropped beside the zone must not make the browser leave the page to open it
  window.addEventListener("dragover", (ev) => ev.preventDefault());
  window.addEventListener("drop", (ev) => { if (!drop.contains(ev.target)) ev.preventDefault(); });
  const drop = $("drop");
  drop.addEventListener("dragover", (ev) => { ev.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", dropped);
  $("pick-files").addEventListener("change", (ev) => upload([...ev.target.files].map((f) => [f, f.name])));
  $("pick-folder").addEventListener("change", (ev) => upload([...ev.target.files].map((f) => [f, f.webkitRelativePath || f.name])));

  // One dropped folder is the inbox itself: its files keep the paths below it, as `evalxl run FOLDER` names them.
  function inboxPaths(files) {
    const tops = new Set(files.map(([, n]) => n.includes("/") ? n.split("/")[0] : ""));
    if (tops.size !== 1 || tops.has("")) return files;
    return files.map(([f, n]) => [f, n.slice(n.indexOf("/") + 1)]);
  }
  async function upload(files) {
    $("upload-error").hidden = true;
    $("file-details").open = true;
    files = inboxPaths(files);
    if (!files.length) return;
    const form = new FormData();
    form.append("profile", $("profile").value);
    for (const [file, name] of files) form.append("files", file, name);
    showProgress({ state: "uploading", state_text: "上传中", files: files.map(([, n]) => ({ file: n, status: "pending", status_text: "上传中", message: "" })), done: 0, total: files.length });
    const resp = await fetch("/api/jobs", { method: "POST", body: form, headers: { "X-CSRF-Token": csrf } });
    const body = await json(resp);
    if (!resp.ok) { $("progress").hidden = true; return fail(body.error); }
    job = body.id;
    poll();
  }
  function fail(message) { $("upload-error").textContent = message; $("upload-error").hidden = false; }

  async function poll() {
    clearTimeout(timer);
    const resp = await fetch(api(""));
    const body = await json(resp);
    if (!resp.ok) { $("progress").hidden = true; return fail(body.error); }
    data = body;
    showProgress(body);
    if (body.state === "done") return showResults(body);
    if (body.state === "failed") return fail(body.message);
    timer = setTimeout(poll, 100);  // loopback: a poll costs well under a millisecond
  }

  // ---------------------------------------------------------------- progress
  function statusTag(f) { return el("span", { class: "status " + f.status, text: f.status_text }); }
  function showProgress(d) {
    $("progress").hidden = false;
    $("progress-count").textContent = d.total ? `${d.done} / ${d.total}（${d.state_text}）` : d.state_text;
    $("bar-fill").style.width = d.total ? (100 * d.done / d.total) + "%" : "0";
    const body = $("file-status").tBodies[0];
    body.replaceChildren(...d.files.map((f) => el("tr", {}, el("td", { text: f.file }), el("td", {}, statusTag(f)), el("td", { text: f.message }))));
    for (const r of d.refused || []) body.append(el("tr", {}, el("td", { text: r.name }), el("td", {}, el("span", { class: "status skipped", text: "已拒绝" })), el("td", { text: r.reason })));
  }

  // ---------------------------------------------------------------- results
  function count(label, value, cls) { return el("div", { class: "count " + (cls || "") }, el("b", { text: String(value) }), label); }
  function showResults(d) {
    $("start").hidden = true;
    $("file-details").open = false;
    $("results").hidden = false;
    const c = d.counts;
    $("counts").replaceChildren(count("文件", c.files), count("项目自评表", c.tables), count("部门整体表", c.departments),
      count("错误", c.errors, c.errors ? "error" : ""), count("警告", c.warnings, c.warnings ? "warning" : ""),
      count("无法读取", c.unreadable, c.unreadable ? "error" : ""), count("已跳过", c.skipped));
    $("dl-summary").href = api("/download/summary");
    $("dl-findings").href = api("/download/findings");
    $("dl-corrected").href = api("/download/corrected-all");
    const cards = d.files.filter((f) => f.status !== "skipped").map(fileCard);
    const skipped = d.files.filter((f) => f.status === "skipped").map((f) => [f.file, f.message])
      .concat((d.refused || []).map((r) => [r.name, r.reason]));
    if (skipped.length) cards.push(el("div", { class: "card file" }, el("h2", { text: "未审核的文件（" + skipped.length + "）" }),
      el("table", { class: "list" }, el("tbody", {}, ...skipped.map(([n, m]) => el("tr", {}, el("td", { text: n }), el("td", { text: m })))))));
    $("files").replaceChildren(...cards);
  }
  function fileCard(f) {
    const card = el("div", { class: "card file" }, el("h2", {}, f.file + "　", statusTag(f)));
    if (f.message) card.append(el("p", { class: "message" + (f.status === "unreadable" ? " bad" : ""), text: f.message }));
    if (f.corrected) card.append(el("a", { class: "button", href: api("/download/corrected?file=" + encodeURIComponent(f.file)) }, "下载本文件的更正件"));
    const rows = [];
    for (const t of f.tables) rows.push(tableRow(f, "table", t.index, t.name || "（未填项目名称）", t.sheet, t.entered_total, t.recomputed_total, t.difference, t.grade, t.errors, t.warnings));
    for (const t of f.departments) {
      const entered = t.scored ? t.entered_total : null, total = t.scored ? t.recomputed_total : null;
      const diff = entered !== null && total !== null ? Math.round((entered - total) * 10000) / 10000 : null;
      const grade = t.grade || (t.completion_rate !== null ? "完成率 " + (Math.round(t.completion_rate * 10000) / 100) + "%" : "");
      rows.push(tableRow(f, "department", t.index, t.kind_name + (t.unit ? "（" + t.unit + "）" : ""), t.sheet, entered, total, diff, grade, t.errors, t.warnings));
    }
    if (rows.length) card.append(el("table", { class: "list" },
      el("thead", {}, el("tr", {}, ...["表", "工作表", "填报总分", "重算总分", "差额", "等级（按重算）", "错误", "警告", ""].map((h, i) => el("th", { class: i >= 2 && i <= 7 && i !== 5 ? "num" : "", text: h })))),
      el("tbody", {}, ...rows)));
    const loose = f.findings.filter((x) => x.table_index === null && x.department === null);
    if (loose.length) card.append(el("p", { class: "hint", text: "整个文件的提示：" + loose.map((x) => x.message).join("；") }));
    return card;
  }
  function tableRow(f, kind, index, name, sheet, entered, total, diff, grade, errors, warnings) {
    const open = () => showDetail(f, kind, index, name);
    return el("tr", {}, el("td", { text: name }), el("td", { text: sheet }),
      el("td", { class: "num", text: num(entered) }), el("td", { class: "num", text: num(total) }),
      el("td", { class: "num" + (diff ? " diff-bad" : ""), text: num(diff) }), el("td", { text: grade || "" }),
      el("td", { class: "num", text: String(errors) }), el("td", { class: "num", text: String(warnings) }),
      el("td", {}, el("button", { type: "button", class: "button primary", onclick: open }, "查看问题和原表")));
  }

  // ---------------------------------------------------------------- one table
  async function showDetail(f, kind, index, name) {
    const findings = f.findings.filter((x) => kind === "table" ? x.table_index === index && x.department === null : x.department === index);
    $("results").hidden = true;
    $("progress").hidden = true;
    $("detail").hidden = false;
    $("detail-title").textContent = name;
    $("detail-sub").textContent = `${f.file}　共 ${findings.length} 个问题；点击一行可在下方原表中找到该单元格`;
    $("detail-findings").tBodies[0].replaceChildren(...findings.map((x) => el("tr", { class: "finding", onclick: () => focusCell(x.cell) },
      el("td", {}, el("span", { class: "sev " + x.severity, text: SEV[x.severity] })), el("td", { text: x.cell || "" }),
      el("td", {}, el("a", { href: "/rules/" + encodeURIComponent(x.code), target: "_blank", rel: "noopener", text: x.code })),
      el("td", { class: "num", text: num(x.entered) }), el("td", { class: "num", text: fixText(x) }), el("td", { text: x.message }))));
    $("grid").replaceChildren();
    $("grid-error").hidden = true;
    const resp = await fetch(api(`/grid?file=${encodeURIComponent(f.file)}&kind=${kind}&index=${index}`));
    const g = await json(resp);
    if (!resp.ok) { $("grid-error").textContent = g.error; $("grid-error").hidden = false; return; }
    drawGrid(g, findings);
    window.scrollTo(0, 0);
  }
  function drawGrid(g, findings) {
    const byCell = {};
    for (const x of findings) if (x.cell) (byCell[x.cell] = byCell[x.cell] || []).push(x);
    const rank = { error: 0, warning: 1, notice: 2 };
    const head = el("tr", {}, el("th", { class: "row" }), ...g.columns.map((c) => el("th", { text: c })));
    const rows = g.rows.map((r) => el("tr", {}, el("th", { class: "row", text: r.label }), ...r.cells.map((c) => {
      const td = el("td", { "data-key": c.key });
      if (c.rowspan > 1) td.rowSpan = c.rowspan;
      if (c.colspan > 1) td.colSpan = c.colspan;
      const marks = byCell[c.key];
      if (!marks) { td.textContent = c.text; return td; }
      marks.sort((a, b) => rank[a.severity] - rank[b.severity]);
      td.classList.add("mark", marks[0].severity);
      td.title = marks.map((x) => `${x.code} ${x.message}`).join("\n");
      const fixed = marks.find((x) => x.fix);
      if (fixed) td.append(el("del", { text: c.text }), " ", el("ins", { text: fixText(fixed) }));
      else td.append(c.text);
      td.append(el("span", { class: "code-tag", text: marks.map((x) => x.code).join(" ") }));
      return td;
    })));
    $("grid").replaceChildren(el("thead", {}, head), el("tbody", {}, ...rows));
  }
  function focusCell(key) {
    for (const n of document.querySelectorAll("#grid td.focus")) n.classList.remove("focus");
    const td = document.querySelector(`#grid td[data-key="${CSS.escape(key || "")}"]`);
    if (td) { td.classList.add("focus"); td.scrollIntoView({ block: "center", inline: "center", behavior: "smooth" }); }
  }
  $("detail-close").addEventListener("click", () => { $("detail").hidden = true; $("results").hidden = false; });

  // ---------------------------------------------------------------- clearing
  $("clear").addEventListener("click", async () => {
    const resp = await fetch(api(""), { method: "DELETE", headers: { "X-CSRF-Token": csrf } });
    if (!resp.ok) return fail((await json(resp)).error);
    job = null; data = null;
    $("results").hidden = true; $("progress").hidden = true; $("detail").hidden = true; $("start").hidden = false;
    $("pick-files").value = ""; $("pick-folder").value = "";
  });

  // ---------------------------------------------------------------- a reloaded page shows its last job
  fetch("/api/jobs").then((r) => r.json()).then((list) => {
    if (list.length && !job) { job = list[list.length - 1].id; poll(); }
  });
})();
