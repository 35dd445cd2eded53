// The runtime that lets dist/mermaid.min.js parse diagrams inside mini-racer (embedded V8).
// SHIM runs before mermaid.min.js, API after it. See notes in sitecheck/mermaid.py.

//== SHIM
// A window with a bare document and Element, so that the bundled DOMPurify can start.
globalThis.window = {
  document: { nodeType: 9, createElement: () => ({}) },
  Element: function () {},
};
// structuredClone, TextEncoder and TextDecoder, which the Langium-based grammars need.
if (typeof globalThis.structuredClone !== "function") {
  globalThis.structuredClone = (v) => (v === undefined ? v : JSON.parse(JSON.stringify(v)));
}
if (typeof globalThis.TextEncoder !== "function") {
  globalThis.TextEncoder = class TextEncoder {
    encode(s) {
      const u = unescape(encodeURIComponent(String(s ?? "")));
      const a = new Uint8Array(u.length);
      for (let i = 0; i < u.length; i++) a[i] = u.charCodeAt(i);
      return a;
    }
  };
}
if (typeof globalThis.TextDecoder !== "function") {
  globalThis.TextDecoder = class TextDecoder {
    decode(a) {
      let s = "";
      for (const b of a || []) s += String.fromCharCode(b);
      return decodeURIComponent(escape(s));
    }
  };
}
// URL, which @braintree/sanitize-url calls for an http(s) click target: URL.canParse and
// new URL(u) with protocol, hostname and toString are all it uses.
if (typeof globalThis.URL !== "function") {
  globalThis.URL = class URL {
    constructor(u) {
      const m = /^([a-zA-Z][a-zA-Z0-9+.-]*:)\/\/([^/?#]*)(.*)$/s.exec(String(u));
      if (!m) throw new TypeError("Invalid URL: " + u);
      this.protocol = m[1];
      const at = m[2].lastIndexOf("@");
      this._auth = at >= 0 ? m[2].slice(0, at + 1) : "";
      const hostport = at >= 0 ? m[2].slice(at + 1) : m[2];
      const colon = hostport.lastIndexOf(":");
      this.hostname = colon > 0 && !hostport.endsWith("]") ? hostport.slice(0, colon) : hostport;
      this._port = colon > 0 && !hostport.endsWith("]") ? hostport.slice(colon) : "";
      this._rest = m[3] || "/";
    }
    static canParse(u) {
      try {
        new URL(u);
        return true;
      } catch (e) {
        return false;
      }
    }
    get href() {
      return this.toString();
    }
    toString() {
      return this.protocol + "//" + this._auth + this.hostname + this._port + this._rest;
    }
  };
}

//== API
globalThis.mermaid = globalThis.mermaid || globalThis.window.mermaid;
globalThis.__sitecheck = {
  // Click statements as Mermaid's own grammars hand them to the diagram's database:
  // [kind, ids, argument], kind "link" (argument: the URL as written) or "callback"
  // (argument: the function name). Recorded before Mermaid sanitises anything.
  calls: null,

  wrap(obj, name, kind) {
    const original = obj[name];
    if (typeof original !== "function" || original.__sitecheck) return;
    const wrapped = function (...args) {
      const calls = globalThis.__sitecheck.calls;
      if (calls) calls.push([kind, String(args[0] ?? ""), args[1] == null ? null : String(args[1])]);
      return original.apply(this, args);
    };
    wrapped.__sitecheck = true;
    obj[name] = wrapped;
  },

  async patch(text) {
    await mermaid.parse(text); // registers the diagram types on first use
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
    const db = diagram.db;
    const proto = Object.getPrototypeOf(db);
    // FlowDB and ClassDB bind their prototype's methods in the constructor: patch the
    // prototype so that every later instance binds the recording version. Gantt's database
    // is one plain object: patch it in place.
    const target =
      proto && proto !== Object.prototype && typeof proto.setLink === "function" ? proto : db;
    this.wrap(target, "setLink", "link");
    this.wrap(target, "setClickEvent", "callback");
  },

  async init() {
    if (!globalThis.mermaid || typeof mermaid.parse !== "function") {
      throw new Error("this file does not define mermaid.parse");
    }
    await this.patch("flowchart TD\nA");
    await this.patch("classDiagram\nclass A");
    await this.patch("gantt\ntitle t\nsection s\nT :t1, 2024-01-01, 1d");
    return String(mermaid.version || (mermaid.mermaidAPI && mermaid.mermaidAPI.version) || "");
  },

  async batch(json) {
    const out = [];
    for (const text of JSON.parse(json)) {
      this.calls = [];
      try {
        const result = await mermaid.parse(text);
        out.push({ ok: true, type: result && result.diagramType, calls: this.calls });
      } catch (e) {
        out.push({ ok: false, error: String((e && e.message) || e), calls: [] });
      }
    }
    this.calls = null;
    return JSON.stringify(out);
  },
};
