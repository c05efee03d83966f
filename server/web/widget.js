/*
 * careerbot web chat widget.
 *
 * Embed with one tag on any page:
 *   <script src="https://SERVER/widget.js" defer></script>
 * Optional attributes on that tag:
 *   data-server="https://SERVER/base/"  where the chat server lives (default: the folder this script came from)
 *   data-title="Career guide"           the panel's heading
 *   data-greeting="Hi! Ask me ..."      shown instead of the server's welcome text when a conversation starts
 *   data-position="right" | "left"      which bottom corner the launcher and panel sit in (default right)
 *   data-open="true"                    open the panel when the page loads (default: closed until clicked)
 *   data-lang="en" | "hi"               the widget's own labels and notes (default: the page's lang, else en);
 *                                       answers stay in the content's language
 * Colours: set --careerbot-accent, --careerbot-accent-dark, --careerbot-text, --careerbot-muted,
 * --careerbot-bot-background, --careerbot-border, --careerbot-focus or --careerbot-font on the page
 * (e.g. :root { --careerbot-accent: #0a6b45; }); see widget.css.
 *
 * JavaScript API, on window.careerbot once the script has run:
 *   careerbot.open(), careerbot.close()   show or hide the panel (open() also connects)
 *   careerbot.send("text")                ask as if typed (opens the panel; sent once connected)
 *   careerbot.on("message", fn)           fn({who: "user"|"bot"|"system", text}) for every new message
 *   careerbot.on("open", fn), careerbot.on("close", fn)
 * The same events are dispatched on window as CustomEvents "careerbot:message", "careerbot:open",
 * "careerbot:close" (detail as above).
 *
 * Contract: speaks the careerbot WebSocket protocol (docs/protocol.md) at <server>/ws, resuming with
 * /ws?session=ID. The session id and the rendered transcript live in sessionStorage (never localStorage:
 * students share school computers, and a closed tab must forget the conversation). Server text is only
 * ever inserted with textContent. No framework, no build step, no third-party requests.
 */
(function () {
  "use strict";

  var script = document.currentScript || document.querySelector('script[src$="widget.js"]');
  if (!script || window.__careerbotWidgetLoaded) return;  // a page that includes us twice gets one widget
  window.__careerbotWidgetLoaded = true;

  // ---- Settings --------------------------------------------------------------------------------------
  var scriptUrl = new URL(script.src, document.baseURI);
  var serverBase = new URL(withTrailingSlash(script.getAttribute("data-server") || "./"), scriptUrl);
  var title = script.getAttribute("data-title") || "Career guide";
  var greeting = script.getAttribute("data-greeting") || "";
  var onLeft = script.getAttribute("data-position") === "left";
  var openOnLoad = script.getAttribute("data-open") === "true";
  var lang = (script.getAttribute("data-lang") || document.documentElement.lang || "en").toLowerCase().split("-")[0];
  var STRINGS = {
    en: {
      open: "Open {title} chat", close: "Close {title} chat", region: "Career chat", restart: "Start over",
      closeChat: "Close chat", conversation: "Conversation", typing: "Careerbot is typing",
      suggested: "Suggested questions", question: "Your question", placeholder: "Ask about a career…",
      send: "Send", botSaid: "Careerbot said:", youSaid: "You said:", sources: "Sources: ",
      connecting: "Connecting…", reconnecting: "Reconnecting…",
      dropped: "The connection dropped before the answer arrived. Please ask again.",
      expired: "Your earlier conversation has expired, so this is a fresh start.",
      rate_limited: "You're sending messages quickly. Please wait a moment, then try again.",
      too_large: "That message is too long for me. Could you shorten it?",
      bad_text: "I couldn't read that message. Could you try rephrasing it?",
      unavailable: "The career guide is briefly unavailable. Please try again in a little while.",
      internal: "Something went wrong on our side. Please try again.",
      error: "Something went wrong.",
    },
    hi: {
      open: "{title} चैट खोलें", close: "{title} चैट बंद करें", region: "करियर चैट", restart: "फिर से शुरू करें",
      closeChat: "चैट बंद करें", conversation: "बातचीत", typing: "Careerbot लिख रहा है",
      suggested: "सुझाए गए सवाल", question: "आपका सवाल", placeholder: "किसी करियर के बारे में पूछें…",
      send: "भेजें", botSaid: "Careerbot ने कहा:", youSaid: "आपने कहा:", sources: "स्रोत: ",
      connecting: "जुड़ रहा है…", reconnecting: "फिर से जुड़ रहा है…",
      dropped: "जवाब आने से पहले कनेक्शन टूट गया। कृपया फिर से पूछें।",
      expired: "आपकी पिछली बातचीत समाप्त हो गई है, इसलिए यह नई शुरुआत है।",
      rate_limited: "आप बहुत जल्दी संदेश भेज रहे हैं। कृपया थोड़ा रुककर फिर कोशिश करें।",
      too_large: "यह संदेश मेरे लिए बहुत लंबा है। क्या आप इसे छोटा कर सकते हैं?",
      bad_text: "मैं यह संदेश पढ़ नहीं पाया। क्या आप इसे दूसरे शब्दों में लिख सकते हैं?",
      unavailable: "करियर गाइड अभी कुछ देर के लिए उपलब्ध नहीं है। कृपया थोड़ी देर बाद कोशिश करें।",
      internal: "हमारी ओर से कुछ गड़बड़ हुई। कृपया फिर से कोशिश करें।",
      error: "कुछ गड़बड़ हुई।",
    },
  };
  if (!STRINGS[lang]) lang = "en";
  function t(key) { return STRINGS[lang][key].replace("{title}", title); }
  var STORAGE_KEY = "careerbot:" + serverBase.href;
  var MAX_ENTRIES = 200;            // transcript kept in sessionStorage; bounded so storage never fills up
  var RECONNECT_BASE_MS = 500;      // first retry after ~0.5 s ...
  var RECONNECT_CAP_MS = 30000;     // ... doubling up to 30 s, so a down server is not hammered
  var WELCOME_TIMEOUT_MS = 15000;   // a socket that opens no conversation by then is given up and retried

  function withTrailingSlash(s) { return /\/$/.test(s) ? s : s + "/"; }

  function socketUrl(sessionId) {
    var url = new URL("ws", serverBase);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    if (sessionId) url.searchParams.set("session", sessionId);
    return url.href;
  }

  // ---- Stored state (per tab) -----------------------------------------------------------------------
  // { sessionId, entries: [{who: "user"|"bot"|"system", text, sources?}], suggestions: [], open }
  var state = loadState();

  function loadState() {
    try {
      var parsed = JSON.parse(window.sessionStorage.getItem(STORAGE_KEY) || "null");
      if (parsed && Array.isArray(parsed.entries)) {
        return {
          sessionId: typeof parsed.sessionId === "string" ? parsed.sessionId : null,
          entries: parsed.entries.filter(isValidEntry).slice(-MAX_ENTRIES),
          suggestions: Array.isArray(parsed.suggestions) ? parsed.suggestions.filter(isString) : [],
          open: parsed.open === true,
        };
      }
    } catch (e) { /* storage disabled or corrupt: start fresh */ }
    return { sessionId: null, entries: [], suggestions: [], open: false };
  }

  function saveState() {
    try {
      window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(state));
    } catch (e) { /* storage full or disabled: the widget still works, only reload loses the transcript */ }
  }

  function isString(x) { return typeof x === "string"; }
  function isValidEntry(e) {
    return e && isString(e.text) && (e.who === "user" || e.who === "bot" || e.who === "system");
  }

  // ---- DOM -------------------------------------------------------------------------------------------
  function el(tag, className, attrs) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (attrs) Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function svgIcon(pathData) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", pathData);
    svg.appendChild(path);
    return svg;
  }

  var ICON_CHAT = "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z";
  var ICON_CLOSE = "M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12 19 17.6 17.6 19 12 13.4 6.4 19 5 17.6 10.6 12 5 6.4z";

  var css = el("link", null, { rel: "stylesheet", href: new URL("widget.css", scriptUrl).href });
  script.parentNode.insertBefore(css, script.nextSibling);

  var uid = "careerbot-" + Math.random().toString(36).slice(2, 8);
  var root = el("aside", "cb-root" + (onLeft ? " cb-left" : ""), { "aria-label": t("region"), lang: lang });

  var launcher = el("button", "cb-launcher", {
    type: "button", "aria-expanded": "false", "aria-controls": uid + "-panel", "aria-label": t("open"),
  });
  launcher.appendChild(svgIcon(ICON_CHAT));

  var panel = el("div", "cb-panel", { id: uid + "-panel", role: "dialog", "aria-labelledby": uid + "-title" });
  panel.hidden = true;

  var header = el("div", "cb-header");
  var heading = el("h2", "cb-title", { id: uid + "-title" });
  heading.textContent = title;
  var restartButton = el("button", "cb-restart", { type: "button" });
  restartButton.textContent = t("restart");
  var closeButton = el("button", "cb-close", { type: "button", "aria-label": t("closeChat") });
  closeButton.appendChild(svgIcon(ICON_CLOSE));
  header.append(heading, restartButton, closeButton);

  // tabindex makes the scrollable log reachable by keyboard (arrow keys scroll it)
  var log = el("div", "cb-log", { role: "log", "aria-live": "polite", "aria-label": t("conversation"), tabindex: "0" });

  var typing = el("div", "cb-typing", { role: "status" });
  typing.hidden = true;
  var dots = el("span", "cb-dots", { "aria-hidden": "true" });
  dots.append(el("span"), el("span"), el("span"));
  var typingText = el("span", "cb-sr-only");
  typingText.textContent = t("typing");
  typing.append(dots, typingText);

  var statusLine = el("div", "cb-status", { role: "status" });
  var quickReplies = el("div", "cb-quick", { role: "group", "aria-label": t("suggested") });

  var form = el("form", "cb-form");
  var inputLabel = el("label", "cb-sr-only", { for: uid + "-input" });
  inputLabel.textContent = t("question");
  var input = el("input", "cb-input", {
    id: uid + "-input", type: "text", autocomplete: "off", placeholder: t("placeholder"), enterkeyhint: "send",
  });
  var sendButton = el("button", "cb-send", { type: "submit" });
  sendButton.textContent = t("send");
  form.append(inputLabel, input, sendButton);

  panel.append(header, log, typing, quickReplies, statusLine, form);
  root.append(panel, launcher);

  // ---- Rendering -------------------------------------------------------------------------------------
  // Bot text is plain text: paragraphs separated by newlines, "- " lines forming a bullet list.
  function renderPlainText(container, text) {
    var list = null;
    text.split(/\r?\n/).forEach(function (line) {
      var bullet = /^\s*-\s+(.*)$/.exec(line);
      if (bullet) {
        if (!list) list = container.appendChild(el("ul", "cb-list"));
        list.appendChild(el("li")).textContent = bullet[1];
        return;
      }
      list = null;
      if (line.trim() !== "") container.appendChild(el("p")).textContent = line;
    });
  }

  function renderEntry(entry) {
    var row = el("div", "cb-msg cb-msg-" + entry.who);
    if (entry.who === "bot") {
      var bubble = row.appendChild(el("div", "cb-bubble"));
      bubble.appendChild(el("span", "cb-sr-only")).textContent = t("botSaid");
      renderPlainText(bubble, entry.text);
      if (entry.sources && entry.sources.length) {
        row.appendChild(el("p", "cb-sources")).textContent = t("sources") + entry.sources.join("; ");
      }
    } else if (entry.who === "user") {
      var mine = row.appendChild(el("div", "cb-bubble"));
      mine.appendChild(el("span", "cb-sr-only")).textContent = t("youSaid");
      mine.appendChild(el("p")).textContent = entry.text;
    } else {
      row.appendChild(el("p")).textContent = entry.text;
    }
    log.appendChild(row);
  }

  function renderAll() {
    log.textContent = "";
    state.entries.forEach(renderEntry);
    renderSuggestions();
    scrollToLatest();
  }

  function renderSuggestions() {
    quickReplies.textContent = "";
    state.suggestions.forEach(function (text) {
      var b = quickReplies.appendChild(el("button", "cb-chip", { type: "button" }));
      b.textContent = text;
      b.disabled = !connected;
      b.addEventListener("click", function () { sendText(text); });
    });
    quickReplies.hidden = state.suggestions.length === 0;
  }

  // Shows the newest message: its start when it is taller than the log (a long answer is read from the
  // top), else the very end. Instant, not smooth: later layout changes must not cancel it half-way.
  function scrollToLatest() {
    var last = log.lastElementChild;
    if (last && last.offsetHeight > log.clientHeight) log.scrollTop = last.offsetTop - 8;
    else log.scrollTop = log.scrollHeight;
  }

  function addEntry(entry) {
    state.entries.push(entry);
    if (state.entries.length > MAX_ENTRIES) {
      state.entries.splice(0, state.entries.length - MAX_ENTRIES);
      renderAll();
    } else {
      renderEntry(entry);
      scrollToLatest();
    }
    saveState();
    emit("message", { who: entry.who, text: entry.text });
  }

  function setSuggestions(list) {
    state.suggestions = Array.isArray(list) ? list.filter(isString) : [];
    renderSuggestions();
    scrollToLatest();  // the quick replies take room from the log
    saveState();
  }

  // ---- Connection ------------------------------------------------------------------------------------
  var socket = null;
  var connected = false;       // true once the welcome arrived: only then may we send
  var attempts = 0;            // consecutive failed connects, for backoff
  var retryTimer = null;
  var welcomeTimer = null;
  var nextMessageId = 1;
  var awaiting = 0;            // messages sent and not yet answered (reply or error)
  var resetRequested = false;

  function connect() {
    if (socket || retryTimer) return;
    setStatus(t(attempts === 0 ? "connecting" : "reconnecting"));
    var ws;
    try {
      ws = new WebSocket(socketUrl(state.sessionId));
    } catch (e) {
      scheduleReconnect();
      return;
    }
    socket = ws;
    // a half-open network can leave a socket connecting for minutes: give up on it and retry instead
    welcomeTimer = window.setTimeout(function () { if (socket === ws) ws.close(); }, WELCOME_TIMEOUT_MS);
    ws.onmessage = function (event) { if (socket === ws) onFrame(event.data); };
    ws.onclose = function () { if (socket === ws) onDisconnected(); };
    ws.onerror = function () { /* onclose follows and handles it */ };
  }

  function onDisconnected() {
    socket = null;
    window.clearTimeout(welcomeTimer);
    resetRequested = false;  // whether the server reset or not, the next welcome's history tells
    setConnected(false);
    if (awaiting > 0) {
      awaiting = 0;
      showTyping(false);
      addEntry({ who: "system", text: t("dropped") });
    }
    scheduleReconnect();
  }

  function scheduleReconnect() {
    if (retryTimer) return;
    setStatus(t("reconnecting"));
    // exponential backoff with "full jitter" so many students' tabs do not reconnect in step
    var ceiling = Math.min(RECONNECT_CAP_MS, RECONNECT_BASE_MS * Math.pow(2, attempts));
    var delay = ceiling / 2 + Math.random() * (ceiling / 2);
    attempts += 1;
    retryTimer = window.setTimeout(function () {
      retryTimer = null;
      connect();
    }, delay);
  }

  function reconnectNow() {
    if (connected) return;
    if (retryTimer) {
      window.clearTimeout(retryTimer);
      retryTimer = null;
    }
    connect();
  }

  function onFrame(data) {
    var msg;
    try {
      msg = JSON.parse(data);
    } catch (e) {
      return;  // not ours to interpret; the protocol only sends JSON
    }
    if (!msg || typeof msg !== "object") return;
    if (msg.type === "welcome") onWelcome(msg);
    else if (msg.type === "reply") onReply(msg);
    else if (msg.type === "error") onError(msg);
  }

  function onWelcome(msg) {
    var hadSession = state.sessionId;
    window.clearTimeout(welcomeTimer);
    state.sessionId = isString(msg.session_id) ? msg.session_id : null;
    attempts = 0;
    if (resetRequested) {
      resetRequested = false;
      state.entries = [];
      renderAll();
      addEntry({ who: "bot", text: greeting || String(msg.text || "") });
    } else if (msg.resumed === true) {
      var history = Array.isArray(msg.history) ? msg.history : [];
      if (!transcriptEndsWith(history)) {
        // the server's record wins: this tab's stored copy is missing or older
        state.entries = entriesFromHistory(history);
        renderAll();
      }
    } else {
      if (hadSession && state.entries.length) {
        addEntry({ who: "system", text: t("expired") });
      }
      if (greeting || msg.text) addEntry({ who: "bot", text: greeting || String(msg.text) });
    }
    setSuggestions(msg.suggestions);
    setConnected(true);
    saveState();
    var queued = pendingSends.splice(0);
    queued.forEach(sendText);
  }

  // True when the stored transcript's last turns are exactly the server's history (then we keep the
  // stored copy, which also has the sources lines and system notes the history lacks).
  function transcriptEndsWith(history) {
    var turns = [];
    var pendingUser = null;
    state.entries.forEach(function (e) {
      if (e.who === "user") pendingUser = e.text;
      else if (e.who === "bot" && pendingUser !== null) {
        turns.push([pendingUser, e.text]);
        pendingUser = null;
      }
    });
    if (turns.length < history.length) return false;
    var offset = turns.length - history.length;
    return history.every(function (h, i) {
      return h && turns[offset + i][0] === h.user && turns[offset + i][1] === h.bot;
    });
  }

  function entriesFromHistory(history) {
    var entries = [];
    history.forEach(function (h) {
      if (!h) return;
      if (isString(h.user)) entries.push({ who: "user", text: h.user });
      if (isString(h.bot)) entries.push({ who: "bot", text: h.bot });
    });
    return entries;
  }

  function onReply(msg) {
    awaiting = Math.max(0, awaiting - 1);
    showTyping(awaiting > 0);
    var entry = { who: "bot", text: String(msg.text || "") };
    if (Array.isArray(msg.sources)) {
      var sources = msg.sources.filter(isString);
      if (sources.length) entry.sources = sources;
    }
    addEntry(entry);
    setSuggestions(withoutQuestionJustAsked(msg.suggestions));
  }

  // A suggestion that repeats what the student just asked is no suggestion: leave it out.
  function withoutQuestionJustAsked(list) {
    if (!Array.isArray(list)) return [];
    var asked = null;
    for (var i = state.entries.length - 1; i >= 0 && asked === null; i--) {
      if (state.entries[i].who === "user") asked = comparable(state.entries[i].text);
    }
    return list.filter(function (s) { return isString(s) && comparable(s) !== asked; });
  }
  function comparable(text) { return text.toLowerCase().replace(/[\s?.!,]+/g, " ").trim(); }

  var GENTLE_ERRORS = ["rate_limited", "too_large", "bad_text", "unavailable", "internal"];

  function onError(msg) {
    awaiting = Math.max(0, awaiting - 1);
    showTyping(awaiting > 0);
    var text = GENTLE_ERRORS.indexOf(msg.code) >= 0 ? t(msg.code) : (isString(msg.message) && msg.message) || t("error");
    addEntry({ who: "system", text: text });
  }

  function sendFrame(frame) {
    if (!connected || !socket) return false;
    socket.send(JSON.stringify(frame));
    return true;
  }

  function sendText(raw) {
    var text = raw.trim();
    if (!text) return false;
    if (!sendFrame({ type: "message", text: text, id: nextMessageId++ })) return false;
    awaiting += 1;
    addEntry({ who: "user", text: text });
    setSuggestions([]);  // old quick replies no longer fit once a new question is asked
    showTyping(true);
    return true;
  }

  // ---- UI state --------------------------------------------------------------------------------------
  function setConnected(value) {
    connected = value;
    sendButton.disabled = !value;
    restartButton.disabled = !value;
    Array.prototype.forEach.call(quickReplies.querySelectorAll("button"), function (b) { b.disabled = !value; });
    root.setAttribute("data-connected", value ? "true" : "false");
    if (value) setStatus("");
  }

  function setStatus(text) {
    statusLine.textContent = text;
    statusLine.hidden = text === "";
  }

  function showTyping(on) {
    typing.hidden = !on;
    if (on) scrollToLatest();
  }

  function openPanel(moveFocus) {
    var wasHidden = panel.hidden;
    panel.hidden = false;
    root.classList.add("cb-open");
    launcher.setAttribute("aria-expanded", "true");
    launcher.setAttribute("aria-label", t("close"));
    state.open = true;
    saveState();
    scrollToLatest();
    connect();  // lazily: a page view that never opens the chat creates no session
    if (moveFocus) input.focus();
    if (wasHidden) emit("open", {});
  }

  function closePanel(moveFocus) {
    var wasOpen = !panel.hidden;
    panel.hidden = true;
    root.classList.remove("cb-open");
    launcher.setAttribute("aria-expanded", "false");
    launcher.setAttribute("aria-label", t("open"));
    state.open = false;
    saveState();
    if (moveFocus !== false) launcher.focus();
    if (wasOpen) emit("close", {});
  }

  // ---- JavaScript API and events ---------------------------------------------------------------------
  var listeners = { message: [], open: [], close: [] };
  var pendingSends = [];  // careerbot.send() before the conversation is connected

  function emit(name, detail) {
    listeners[name].slice().forEach(function (fn) {
      try { fn(detail); } catch (e) { /* a page's handler must not break the widget */ }
    });
    window.dispatchEvent(new CustomEvent("careerbot:" + name, { detail: detail }));
  }

  window.careerbot = {
    open: function () { openPanel(true); },
    close: function () { closePanel(false); },
    send: function (text) {
      if (!isString(text) || !text.trim()) return;
      if (panel.hidden) openPanel(false);
      if (!sendText(text)) pendingSends.push(text);
    },
    on: function (name, fn) {
      if (!listeners[name] || typeof fn !== "function") throw new Error("careerbot.on: unknown event " + name);
      listeners[name].push(fn);
    },
  };

  launcher.addEventListener("click", function () {
    if (panel.hidden) openPanel(true);
    else closePanel();
  });
  closeButton.addEventListener("click", function () { closePanel(true); });
  restartButton.addEventListener("click", function () {
    if (sendFrame({ type: "reset" })) {
      resetRequested = true;
      awaiting = 0;
      showTyping(false);
    }
    input.focus();
  });
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      event.preventDefault();
      closePanel(true);
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (sendText(input.value)) input.value = "";
    input.focus();
  });
  window.addEventListener("online", reconnectNow);
  // a phone's on-screen keyboard resizes the viewport: keep the newest message in view
  window.addEventListener("resize", function () { if (!panel.hidden) scrollToLatest(); });

  // ---- Start -----------------------------------------------------------------------------------------
  function start() {
    document.body.appendChild(root);
    setConnected(false);
    setStatus("");
    renderAll();  // the stored transcript shows at once, before the socket opens
    if (state.open || openOnLoad) openPanel(false);
    if (state.sessionId) connect();  // resume a conversation this tab already had
  }

  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
