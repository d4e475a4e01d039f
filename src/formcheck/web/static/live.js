"use strict";
(function () {
  const token = document.querySelector('meta[name="formcheck-token"]').content;
  const video = document.getElementById("camera");
  const overlay = document.getElementById("overlay");
  const ctx = overlay.getContext("2d");
  const startButton = document.getElementById("start");
  const stopButton = document.getElementById("stop");
  const message = document.getElementById("live-message");
  const $ = id => document.getElementById(id);
  // MediaPipe pose connections (landmark indices) drawn as the skeleton.
  const BONES = [[11, 12], [11, 13], [13, 15], [12, 14], [14, 16], [11, 23], [12, 24], [23, 24], [23, 25], [25, 27],
    [27, 29], [29, 31], [27, 31], [24, 26], [26, 28], [28, 30], [30, 32], [28, 32], [0, 11], [0, 12]];
  const MAX_WIDTH = 640, MAX_IN_FLIGHT = 2;
  let socket = null, stream = null, seq = 0, answered = -1, stopping = false;
  const sentAt = new Map();
  const stats = {sent: 0, skipped: 0, latencies: []};
  let lastSpoken = "", lastSpokenAt = 0;
  const grab = document.createElement("canvas");

  function say(text, kind) { message.textContent = text; message.className = "message" + (kind ? " " + kind : ""); }

  function percentile(values, p) {
    if (!values.length) return NaN;
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(p / 100 * sorted.length))];
  }

  window.formcheckLiveStats = () => ({
    sent: stats.sent, skipped: stats.skipped, answered: stats.latencies.length,
    median_ms: percentile(stats.latencies, 50), p95_ms: percentile(stats.latencies, 95),
    reps: Number($("reps").textContent),
  });

  function sendFrame(now, meta) {
    if (!socket || socket.readyState !== WebSocket.OPEN || stopping) return;
    if (video.videoWidth) {
      if (seq - 1 - answered >= MAX_IN_FLIGHT) {
        stats.skipped += 1;  // the analysis is behind: this frame is not sent (counted as dropped)
      } else {
        const scale = Math.min(1, MAX_WIDTH / video.videoWidth);
        grab.width = Math.round(video.videoWidth * scale);
        grab.height = Math.round(video.videoHeight * scale);
        grab.getContext("2d").drawImage(video, 0, 0, grab.width, grab.height);
        const number = seq++;
        const t = meta && meta.mediaTime !== undefined ? meta.mediaTime * 1000 : performance.now();
        const leaving = performance.now();
        grab.toBlob(blob => {
          if (!blob || !socket || socket.readyState !== WebSocket.OPEN) return;
          blob.arrayBuffer().then(jpeg => {
            const header = new DataView(new ArrayBuffer(12));
            header.setUint32(0, number);
            header.setFloat64(4, t);
            sentAt.set(number, leaving);
            socket.send(new Blob([header, jpeg]));
            stats.sent += 1;
          });
        }, "image/jpeg", 0.8);
      }
    }
    video.requestVideoFrameCallback(sendFrame);
  }

  function draw(state) {
    overlay.width = video.clientWidth;
    overlay.height = video.clientHeight;
    ctx.clearRect(0, 0, overlay.width, overlay.height);
    const points = state.landmarks || [];
    if (points.length) {
      ctx.lineWidth = 4;
      ctx.strokeStyle = state.knee_above_hip ? "#2ecc71" : "#f5f5f5";
      ctx.beginPath();
      for (const [a, b] of BONES) {
        const p = points[a], q = points[b];
        if (!p || !q || p[2] < 0.3 || q[2] < 0.3) continue;
        ctx.moveTo(p[0] * overlay.width, p[1] * overlay.height);
        ctx.lineTo(q[0] * overlay.width, q[1] * overlay.height);
      }
      ctx.stroke();
      ctx.fillStyle = "#0b6bcb";
      for (const p of points) {
        if (p[2] < 0.3) continue;
        ctx.beginPath();
        ctx.arc(p[0] * overlay.width, p[1] * overlay.height, 4, 0, 2 * Math.PI);
        ctx.fill();
      }
    }
    $("reps").textContent = state.reps;
    $("exercise-title").textContent = state.title || state.exercise || "";
    const knee = $("knee");
    knee.className = "knee" + (state.knee_above_hip === true ? " above" : state.knee_above_hip === false ? " below" : "");
    knee.textContent = "Knee above the hip: " + (state.knee_above_hip === true ? "yes" : state.knee_above_hip === false ? "not yet" : "—");
    $("cue").textContent = state.cue || "";
    $("hold").textContent = state.hold_s >= 0.5 ? "Holding " + state.hold_s.toFixed(1) + " s" : "";
    speak(state.cue || "");
  }

  function speak(cue) {
    const now = performance.now();
    if (!cue || !$("speak").checked || !("speechSynthesis" in window)) return;
    if (cue === lastSpoken && now - lastSpokenAt < 6000) return;
    if (now - lastSpokenAt < 2500) return;
    lastSpoken = cue; lastSpokenAt = now;
    window.speechSynthesis.speak(new SpeechSynthesisUtterance(cue));
  }

  function onMessage(event) {
    const m = JSON.parse(event.data);
    if (m.type === "state") {
      draw(m);
      const leaving = sentAt.get(m.seq);
      if (leaving !== undefined) stats.latencies.push(performance.now() - leaving);
      for (const key of sentAt.keys()) if (key <= m.seq) sentAt.delete(key);
      answered = Math.max(answered, m.seq);
      $("stats").textContent = stats.sent + " frames sent, " + stats.latencies.length + " answered; latency median " +
        Math.round(percentile(stats.latencies, 50)) + " ms";
    } else if (m.type === "note") {
      say("This computer could not keep up: " + m.message + ".", "warn");
    } else if (m.type === "ready") {
      say("Ready: start the exercise.", "ok");
    } else if (m.type === "done") {
      const result = $("result");
      result.textContent = "";
      const strong = document.createElement("strong");
      strong.textContent = "Set saved: " + m.reps + " reps. ";
      result.appendChild(strong);
      if (m.report_url) {
        const link = document.createElement("a");
        link.href = m.report_url; link.target = "_blank"; link.rel = "noopener"; link.id = "report-link";
        link.textContent = "Open the report";
        result.appendChild(link);
      }
      result.dataset.reps = m.reps;
      const notes = (m.notes || []).join(" ");
      say("Saved in the training log for " + $("athlete").value + "." + (notes ? " " + notes : ""), notes ? "warn" : "ok");
      finish();
    } else if (m.type === "error") {
      say(m.message, "error");
    }
  }

  function finish() {
    if (stream) stream.getTracks().forEach(track => track.stop());
    stream = null;
    startButton.disabled = false;
    stopButton.disabled = true;
  }

  document.getElementById("live-form").addEventListener("submit", async event => {
    event.preventDefault();
    startButton.disabled = true;
    $("result").textContent = "";
    try {
      stream = await navigator.mediaDevices.getUserMedia({video: {width: {ideal: 1280}, height: {ideal: 720}}, audio: false});
    } catch (error) {
      say("No camera could be opened (" + error.name + "): allow the camera for this page, or plug one in.", "error");
      startButton.disabled = false;
      return;
    }
    document.getElementById("placeholder").hidden = true;
    video.srcObject = stream;
    await video.play();
    seq = 0; answered = -1; stopping = false; sentAt.clear();
    stats.sent = 0; stats.skipped = 0; stats.latencies = [];
    const params = new URLSearchParams({token, exercise: $("exercise").value, athlete: $("athlete").value || "me"});
    socket = new WebSocket("ws://" + location.host + "/ws/live?" + params.toString());
    socket.binaryType = "arraybuffer";
    socket.onmessage = onMessage;
    socket.onopen = () => { say("Starting the pose model…"); stopButton.disabled = false; video.requestVideoFrameCallback(sendFrame); };
    socket.onclose = () => { if (!stopping) say("The session ended.", "warn"); finish(); };
  });

  stopButton.addEventListener("click", () => {
    if (!socket) return;
    stopping = true;
    stopButton.disabled = true;
    say("Saving the set…");
    socket.send(JSON.stringify({type: "stop"}));
  });
})();
