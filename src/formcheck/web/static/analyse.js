"use strict";
(function () {
  const token = document.querySelector('meta[name="formcheck-token"]').content;
  const rows = document.getElementById("queue-rows");
  const message = document.getElementById("upload-message");
  const drop = document.getElementById("drop-zone");
  const input = document.getElementById("files");
  const jobs = new Map();

  function say(text, kind) {
    message.textContent = text;
    message.className = "message" + (kind ? " " + kind : "");
  }

  function cell(text) {
    const td = document.createElement("td");
    td.textContent = text;
    return td;
  }

  function resultCell(job) {
    const td = document.createElement("td");
    const out = job.outcome || {};
    if (job.state === "failed") {
      td.className = "error";
      td.textContent = out.error || "failed";
      return td;
    }
    if (job.state !== "done" && job.state !== "partial") {
      td.textContent = job.state === "running" ? "analysing…" : "waiting for a free core";
      return td;
    }
    const link = document.createElement("a");
    link.href = "/jobs/" + job.id;
    const sets = out.sets || [];
    link.textContent = sets.map(describe).join(" + ") || "report";
    td.appendChild(link);
    if (job.state === "partial") td.appendChild(document.createTextNode(" (part of the video: " + (out.error || "") + ")"));
    return td;
  }

  function describe(set) {
    // "5 reps · Standing knee raise"; a hold adds its time in form; a guess says so.
    let text = set.reps + " reps";
    if (set.hold_in_form_s) text = (set.reps ? text + ", " : "") + set.hold_in_form_s + " s held in form";
    if (set.recognition === "unknown") return text + " · not recognised (closest: " + set.title + "): look at it";
    if (set.recognition === "probable") return text + " · probably " + set.title + ": check it";
    return text + " · " + set.title;
  }

  function render(job) {
    jobs.set(job.id, job);
    let tr = document.getElementById("job-" + job.id);
    const empty = rows.querySelector("tr.empty");
    if (empty) empty.remove();
    const fresh = document.createElement("tr");
    fresh.id = "job-" + job.id;
    fresh.className = "job " + job.state;
    fresh.dataset.state = job.state;
    fresh.appendChild(cell(job.name));
    fresh.appendChild(cell(job.athlete));
    fresh.appendChild(cell(job.exercise === "auto" ? "recognised" : job.exercise));
    const progress = document.createElement("td");
    const bar = document.createElement("progress");
    bar.max = 1;
    const finished = job.state === "done" || job.state === "partial" || job.state === "failed";
    bar.value = finished ? 1 : (job.total ? job.done / job.total : 0);
    progress.appendChild(bar);
    progress.appendChild(document.createTextNode(finished ? "" : job.total ? " " + Math.round(100 * job.done / job.total) + " %" : ""));
    fresh.appendChild(progress);
    fresh.appendChild(resultCell(job));
    if (tr) tr.replaceWith(fresh); else rows.prepend(fresh);
  }

  function upload(file) {
    const params = new URLSearchParams({
      name: file.name,
      athlete: document.getElementById("athlete").value || "me",
      exercise: document.getElementById("exercise").value,
    });
    return fetch("/api/uploads?" + params.toString(), {
      method: "POST",
      headers: {"X-Formcheck-Token": token, "Content-Type": "application/octet-stream"},
      body: file,
    }).then(async response => {
      let body = {};
      try { body = await response.json(); } catch (e) { /* not JSON */ }
      if (!response.ok) throw new Error(file.name + ": " + (body.error || "the app refused it (" + response.status + ")"));
      render(body);
      return file.name;
    });
  }

  function send(files) {
    if (!files.length) return;
    say("Uploading " + files.length + " file" + (files.length > 1 ? "s" : "") + "…");
    Promise.allSettled(Array.from(files).map(upload)).then(results => {
      const failed = results.filter(r => r.status === "rejected").map(r => r.reason.message);
      const ok = results.length - failed.length;
      if (failed.length) say((ok ? ok + " queued. " : "") + failed.join(" "), "error");
      else say(ok + " queued.", "ok");
    });
  }

  input.addEventListener("change", () => { send(input.files); input.value = ""; });
  ["dragenter", "dragover"].forEach(type => drop.addEventListener(type, event => {
    event.preventDefault();
    drop.classList.add("over");
  }));
  ["dragleave", "drop"].forEach(type => drop.addEventListener(type, () => drop.classList.remove("over")));
  drop.addEventListener("drop", event => { event.preventDefault(); send(event.dataTransfer.files); });
  drop.addEventListener("keydown", event => { if (event.key === "Enter" || event.key === " ") input.click(); });

  const events = new EventSource("/events");
  events.addEventListener("snapshot", event => JSON.parse(event.data).reverse().forEach(render));
  events.addEventListener("job", event => render(JSON.parse(event.data)));
  events.onerror = () => say("Lost contact with the app: is it still running? (This page reconnects by itself.)", "warn");
  events.onopen = () => { if (message.classList.contains("warn")) say(""); };
})();
