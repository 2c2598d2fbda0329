// discord-preload.cjs: points a Node program's Discord traffic at the fake Discord named by
// DISCORD_API_URL, for OpenClaw releases before 2026.9.5, whose Discord plugin (@buape/carbon)
// has https://discord.com/api and wss://gateway.discord.gg compiled in and reads no variable.
// From 2026.9.5 OpenClaw honours DISCORD_API_URL itself and never asks for discord.com, so this
// changes nothing there. Loaded by darwin-preload.cjs; inactive without DISCORD_API_URL.
//
// * fetch(): https://discord.com/... (and discordapp.com) goes to the fake's origin, same path;
//   the fake serves /api/v10/... and answers /gateway/bot with its own ws:// URL, which carbon
//   then connects to directly.
// * https.request()/https.get() to discord.com or gateway.discord.gg (the `ws` package's
//   WebSocket handshake, when a gateway URL was compiled in) become plain http.request()s to the
//   fake's host and port.
'use strict';

if (!globalThis.__fakeDiscordPreloaded && process.env.DISCORD_API_URL) {
  Object.defineProperty(globalThis, '__fakeDiscordPreloaded', { value: true, enumerable: false });
  let fake;
  try {
    fake = new URL(process.env.DISCORD_API_URL);
  } catch (_) {
    fake = null;
  }
  const discordHosts = new Set(['discord.com', 'discordapp.com', 'gateway.discord.gg', 'www.discord.com']);
  const redirect = (text) => {
    let url;
    try {
      url = new URL(text);
    } catch (_) {
      return null;
    }
    if (!discordHosts.has(url.hostname)) return null;
    const out = new URL(url.pathname + url.search, fake.origin);
    if (url.protocol === 'wss:' || url.protocol === 'ws:') out.protocol = 'ws:';
    return out;
  };

  if (fake && typeof globalThis.fetch === 'function') {
    const realFetch = globalThis.fetch;
    globalThis.fetch = function fetch(input, init) {
      if (typeof input === 'string' || input instanceof URL) {
        const to = redirect(String(input));
        if (to) return realFetch.call(this, to.toString(), init);
      } else if (input && typeof input.url === 'string') {
        const to = redirect(input.url);
        if (to) return realFetch.call(this, new Request(to.toString(), input), init);
      }
      return realFetch.call(this, input, init);
    };
  }

  if (fake) {
    const http = require('http');
    const https = require('https');
    // (options[, callback]) or (url[, options][, callback]), as http.request takes them.
    const toFake = (args) => {
      let [first, second] = args;
      let options;
      let rest;
      if (typeof first === 'string' || first instanceof URL) {
        const url = new URL(String(first));
        if (!discordHosts.has(url.hostname)) return null;
        const extra = second && typeof second === 'object' ? second : {};
        options = { ...extra, path: url.pathname + url.search };
        rest = args.slice(second && typeof second === 'object' ? 2 : 1);
      } else if (first && typeof first === 'object') {
        const host = first.hostname || first.host;
        if (!host || !discordHosts.has(String(host).replace(/:\d+$/, ''))) return null;
        options = { ...first };
        rest = args.slice(1);
      } else {
        return null;
      }
      delete options.agent;  // an https.Agent cannot carry a plain-HTTP request
      delete options.host;
      options.protocol = 'http:';
      options.hostname = fake.hostname;
      options.port = fake.port || 80;
      options.servername = undefined;
      return [options, ...rest];
    };
    for (const name of ['request', 'get']) {
      const real = https[name];
      https[name] = function patched(...args) {
        const redirected = toFake(args);
        return redirected ? http[name](...redirected) : real.apply(this, args);
      };
    }
  }
}
