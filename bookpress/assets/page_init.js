// Runs in every page before the embed's own scripts: the same random
// numbers at every build, a count of DOM changes (to know when drawing has
// stopped), and what the article template's page gives its embeds.
(() => {
  let state = (window.__bookpressSeed >>> 0) || 0x2f6b1d3a;
  Math.random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  if (window.crypto && window.crypto.getRandomValues) {
    const fill = (array) => { for (let i = 0; i < array.length; i++) array[i] = Math.floor(Math.random() * 256); return array; };
    window.crypto.getRandomValues = (array) => {
      const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
      fill(bytes);
      return array;
    };
    if (window.crypto.randomUUID) {
      window.crypto.randomUUID = () => '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) =>
        (c ^ (Math.floor(Math.random() * 256) & (15 >> (c / 4)))).toString(16));
    }
  }
  window.__bookpressChanges = 0;
  new MutationObserver((records) => { window.__bookpressChanges += records.length; })
    .observe(document, { subtree: true, childList: true, attributes: true, characterData: true });

  // The template's colour palettes (window.ColorPalettes), from d3's schemes.
  const categorical = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ab'];
  const ramp = (name, n) => {
    const d3 = window.d3;
    const interpolate = d3 && d3[name];
    if (!interpolate) return Array.from({ length: n }, (_, i) => categorical[i % categorical.length]);
    return Array.from({ length: n }, (_, i) => d3.color(interpolate(n === 1 ? 0.6 : 0.15 + (0.8 * i) / (n - 1))).formatHex());
  };
  window.ColorPalettes = window.ColorPalettes || {
    getPrimary: () => categorical[0],
    getColors: (kind, n) => {
      n = Math.max(1, n | 0);
      if (kind === 'sequential') return ramp('interpolateBlues', n);
      if (kind === 'diverging') return ramp('interpolateRdBu', n).reverse();
      return Array.from({ length: n }, (_, i) => categorical[i % categorical.length]);
    },
    refresh: () => {},
  };
})();
