// The picture an embed drew, as one SVG document for print: the embed's own
// <svg> elements with every style they got from CSS written on them, and the
// HTML around them (legends, labels, boxes) redrawn as SVG rectangles and
// text at the places the browser laid them out. Called as
// compose(frame, options); returns {svg, raster, problems}.
async (frame, options) => {
  const SVGNS = 'http://www.w3.org/2000/svg';
  const XLINK = 'http://www.w3.org/1999/xlink';
  const problems = [];
  let raster = 0;
  const origin = frame.getBoundingClientRect();
  const width = Math.round(origin.width * 100) / 100;
  const height = Math.round(origin.height * 100) / 100;
  const out = document.createElementNS(SVGNS, 'svg');
  out.setAttribute('xmlns', SVGNS);
  out.setAttribute('width', String(width));
  out.setAttribute('height', String(height));
  out.setAttribute('viewBox', `0 0 ${width} ${height}`);

  // Colours as the print engine reads them (rgb/rgba), whatever CSS wrote.
  const probe = document.createElement('canvas');
  probe.width = probe.height = 1;
  const ctx = probe.getContext('2d', { willReadFrequently: true });
  const colours = new Map();
  const colour = (value) => {
    if (!value || value === 'none' || value === 'transparent') return value === 'transparent' ? 'none' : value;
    if (value.startsWith('url(')) {
      const m = value.match(/#([^"')]+)/);
      return m ? `url(#${m[1]})` : 'none';
    }
    if (/^(rgba?\(|#)/.test(value)) return value;
    if (value === 'currentcolor' || value === 'currentColor') return value;
    if (colours.has(value)) return colours.get(value);
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = '#000';
    ctx.fillStyle = value;
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
    const text = a === 255 ? `rgb(${r}, ${g}, ${b})` : `rgba(${r}, ${g}, ${b}, ${(a / 255).toFixed(3)})`;
    colours.set(value, text);
    return text;
  };
  const alpha = (value) => {
    const m = /^rgba\([^)]*,\s*([\d.]+)\)$/.exec(value || '');
    return m ? parseFloat(m[1]) : value && value !== 'none' ? 1 : 0;
  };
  const family = (stack) => {
    const s = (stack || '').toLowerCase();
    if (/mono|courier|consolas|menlo|monaco|code/.test(s)) return options.fonts.mono;
    if (/serif/.test(s.replace(/sans-serif/g, '')) && !/sans/.test(s)) return options.fonts.serif;
    return options.fonts.sans;
  };

  // --- the embed's own SVG, styles inlined --------------------------------
  const INHERITED = ['fill', 'fill-opacity', 'fill-rule', 'stroke', 'stroke-width', 'stroke-opacity',
    'stroke-dasharray', 'stroke-dashoffset', 'stroke-linecap', 'stroke-linejoin', 'stroke-miterlimit',
    'font-family', 'font-size', 'font-weight', 'font-style', 'text-anchor', 'dominant-baseline',
    'letter-spacing', 'visibility', 'marker-start', 'marker-mid', 'marker-end', 'paint-order', 'color'];
  const OWN = { 'opacity': '1', 'clip-path': 'none', 'mask': 'none', 'stop-color': 'rgb(0, 0, 0)',
    'stop-opacity': '1', 'text-decoration-line': 'none' };
  // Presentation attributes: their computed values are written instead.
  const STYLED = new Set([...INHERITED, ...Object.keys(OWN), 'text-decoration', 'display']);
  const COLOURS = new Set(['fill', 'stroke', 'stop-color', 'color']);
  const DROP_ATTR = /^(class|style|on\w+|data-.*|tabindex|role|aria-.*|focusable|pointer-events|cursor)$/;

  const value = (cs, name) => {
    let v = cs.getPropertyValue(name);
    if (COLOURS.has(name)) v = colour(v);
    if (name === 'font-family') v = family(v);
    if (name === 'marker-start' || name === 'marker-mid' || name === 'marker-end' ||
        name === 'clip-path' || name === 'mask') {
      const m = v.match(/#([^"')]+)/);
      v = m ? `url(#${m[1]})` : 'none';
    }
    return v;
  };

  const copySvg = (node, parentStyle, isRoot) => {
    if (node.nodeType === Node.TEXT_NODE) return document.createTextNode(node.nodeValue);
    if (node.nodeType !== Node.ELEMENT_NODE) return null;
    const tag = node.localName;
    if (tag === 'script' || tag === 'style' || tag === 'title' || tag === 'desc' || tag === 'metadata') return null;
    if (tag === 'foreignObject') { problems.push('an SVG foreignObject (HTML inside the chart)'); return null; }
    const cs = getComputedStyle(node);
    if (cs.display === 'none' && !['defs', 'clipPath', 'mask', 'marker', 'linearGradient',
      'radialGradient', 'pattern', 'symbol', 'stop'].includes(tag) && !node.closest('defs')) return null;
    const copy = document.createElementNS(SVGNS, tag);
    for (const attr of node.attributes) {
      if (DROP_ATTR.test(attr.name) || attr.name.startsWith('xmlns') || STYLED.has(attr.name)) continue;
      if (attr.name === 'href' || attr.name === 'xlink:href') {
        copy.setAttribute('href', attr.value);
        continue;
      }
      copy.setAttributeNS(attr.namespaceURI, attr.name, attr.value);
    }
    const mine = {};
    const styles = [];
    for (const name of INHERITED) {
      const v = value(cs, name);
      mine[name] = v;
      if (name === 'color') continue;
      if (isRoot || parentStyle[name] !== v) styles.push(`${name}:${v}`);
    }
    for (const [name, initial] of Object.entries(OWN)) {
      const v = value(cs, name);
      if (v !== initial && v !== '' && !(name === 'text-decoration-line' && v === 'none')) {
        styles.push(`${name === 'text-decoration-line' ? 'text-decoration' : name}:${v}`);
      }
    }
    if (cs.transform && cs.transform !== 'none' && !node.hasAttribute('transform') && tag !== 'svg') {
      copy.setAttribute('transform', cs.transform);
    }
    if (styles.length) copy.setAttribute('style', styles.join(';'));
    for (const child of node.childNodes) {
      const c = copySvg(child, mine, false);
      if (c) copy.appendChild(c);
    }
    if (tag === 'text' && /^stroke/.test(mine['paint-order']) && mine.stroke !== 'none') {
      // A halo (stroke painted under the fill): the print engine paints the
      // stroke last, so the outline goes first as a copy of its own.
      const group = document.createElementNS(SVGNS, 'g');
      const halo = copy.cloneNode(true);
      only(halo, 'fill');
      only(copy, 'stroke');
      group.appendChild(halo);
      group.appendChild(copy);
      return group;
    }
    return copy;
  };
  const only = (element, off) => {
    for (const el of [element, ...element.querySelectorAll('*')]) {
      const style = (el.getAttribute('style') || '').split(';').filter((d) => d && !d.startsWith(off + ':'));
      if (el === element) style.push(`${off}:none`);
      el.setAttribute('style', style.join(';'));
    }
  };

  const inlineImages = async (svg) => {
    for (const image of svg.querySelectorAll('image')) {
      const href = image.getAttribute('href');
      if (!href || href.startsWith('data:')) continue;
      try {
        const response = await fetch(href);
        const blob = await response.blob();
        const data = await new Promise((ok) => { const r = new FileReader(); r.onload = () => ok(r.result); r.readAsDataURL(blob); });
        image.setAttribute('href', data);
        raster += 1;
      } catch (e) { problems.push(`an image in the chart could not be read (${href})`); }
    }
  };

  const placeSvg = async (node, rect) => {
    const copy = copySvg(node, {}, true);
    if (!copy) return;
    copy.setAttribute('x', (rect.left - origin.left).toFixed(2));
    copy.setAttribute('y', (rect.top - origin.top).toFixed(2));
    copy.setAttribute('width', rect.width.toFixed(2));
    copy.setAttribute('height', rect.height.toFixed(2));
    if (!node.hasAttribute('viewBox')) copy.setAttribute('viewBox', `0 0 ${rect.width.toFixed(2)} ${rect.height.toFixed(2)}`);
    // Clipped to its own box, as print needs: a label the web page let spill
    // over the figure's edge would run into the margin.
    copy.setAttribute('overflow', 'hidden');
    await inlineImages(copy);
    out.appendChild(copy);
  };

  // --- HTML around it ------------------------------------------------------
  const rect = (x, y, w, h, attrs) => {
    const r = document.createElementNS(SVGNS, 'rect');
    r.setAttribute('x', x.toFixed(2)); r.setAttribute('y', y.toFixed(2));
    r.setAttribute('width', Math.max(0, w).toFixed(2)); r.setAttribute('height', Math.max(0, h).toFixed(2));
    for (const [k, v] of Object.entries(attrs)) r.setAttribute(k, v);
    out.appendChild(r);
  };

  const paintBox = (el, cs, box) => {
    const x = box.left - origin.left, y = box.top - origin.top;
    const radius = parseFloat(cs.borderTopLeftRadius) || 0;
    const rx = radius ? { rx: String(Math.min(radius, box.width / 2, box.height / 2)) } : {};
    const bg = colour(cs.backgroundColor);
    if (alpha(bg) > 0) rect(x, y, box.width, box.height, { fill: bg, ...rx });
    if (cs.backgroundImage && cs.backgroundImage !== 'none') problems.push('a CSS background image or gradient');
    const sides = ['Top', 'Right', 'Bottom', 'Left'].map((s) => ({
      w: parseFloat(cs[`border${s}Width`]) || 0, c: colour(cs[`border${s}Color`]), s: cs[`border${s}Style`],
    }));
    const visible = sides.filter((b) => b.w > 0 && b.s !== 'none' && b.s !== 'hidden' && alpha(b.c) > 0);
    if (!visible.length) return;
    const same = visible.length === 4 && sides.every((b) => b.w === sides[0].w && b.c === sides[0].c);
    if (same) {
      const w = sides[0].w;
      const dash = sides[0].s === 'dashed' ? { 'stroke-dasharray': `${3 * w} ${3 * w}` } : sides[0].s === 'dotted' ? { 'stroke-dasharray': `${w} ${w}` } : {};
      rect(x + w / 2, y + w / 2, box.width - w, box.height - w, { fill: 'none', stroke: sides[0].c, 'stroke-width': String(w), ...rx, ...dash });
      return;
    }
    const [t, r, b, l] = sides;
    const edge = (b, x1, y1, w1, h1) => { if (b.w > 0 && b.s !== 'none' && alpha(b.c) > 0) rect(x1, y1, w1, h1, { fill: b.c }); };
    edge(t, x, y, box.width, t.w);
    edge(b, x, y + box.height - b.w, box.width, b.w);
    edge(l, x, y, l.w, box.height);
    edge(r, x + box.width - r.w, y, r.w, box.height);
  };

  const baselineOf = (textNode) => {
    // A zero-size inline box on the baseline of the text's first line.
    const mark = document.createElement('span');
    mark.style.cssText = 'display:inline-block;width:0;height:0;vertical-align:baseline;padding:0;margin:0;border:0';
    textNode.parentNode.insertBefore(mark, textNode);
    const y = mark.getBoundingClientRect().top;
    mark.remove();
    return y;
  };

  const transformText = (text, cs) => {
    if (cs.textTransform === 'uppercase') return text.toUpperCase();
    if (cs.textTransform === 'lowercase') return text.toLowerCase();
    if (cs.textTransform === 'capitalize') return text.replace(/\b\w/g, (c) => c.toUpperCase());
    return text;
  };

  const paintText = (textNode, cs) => {
    const raw = textNode.nodeValue;
    if (!raw || !raw.trim()) return;
    const range = document.createRange();
    range.selectNodeContents(textNode);
    const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0 && r.height > 0);
    if (!rects.length) return;
    const fill = colour(cs.color);
    if (alpha(fill) === 0) return;
    const first = rects[0];
    const baseline = baselineOf(textNode);
    const lead = baseline - first.top;
    // Split the node into the pieces that sit on each line.
    const lines = [];
    if (rects.length === 1) {
      lines.push({ text: raw, left: first.left, top: first.top });
    } else {
      const words = raw.split(/(\s+)/);
      let offset = 0;
      for (const word of words) {
        if (word && word.trim()) {
          range.setStart(textNode, offset);
          range.setEnd(textNode, offset + word.length);
          const r = range.getClientRects()[0];
          if (r) {
            const line = lines.find((l) => Math.abs(l.top - r.top) < r.height / 2);
            if (line) line.text += ' ' + word; else lines.push({ text: word, left: r.left, top: r.top });
          }
        }
        offset += word.length;
      }
    }
    const pre = /^pre/.test(cs.whiteSpace);
    for (const line of lines) {
      const t = document.createElementNS(SVGNS, 'text');
      const content = transformText(pre ? line.text : line.text.replace(/\s+/g, ' ').trim(), cs);
      if (!content) continue;
      t.setAttribute('x', (line.left - origin.left).toFixed(2));
      t.setAttribute('y', (line.top + lead - origin.top).toFixed(2));
      const style = [`font-family:${family(cs.fontFamily)}`, `font-size:${cs.fontSize}`, `fill:${fill}`];
      if (cs.fontWeight !== '400') style.push(`font-weight:${cs.fontWeight}`);
      if (cs.fontStyle !== 'normal') style.push(`font-style:${cs.fontStyle}`);
      if (cs.letterSpacing !== 'normal') style.push(`letter-spacing:${cs.letterSpacing}`);
      if (pre) t.setAttributeNS('http://www.w3.org/XML/1998/namespace', 'xml:space', 'preserve');
      t.setAttribute('style', style.join(';'));
      t.textContent = content;
      out.appendChild(t);
    }
  };

  const imageData = async (el) => {
    if (el.localName === 'canvas') return el.toDataURL('image/png');
    const src = el.currentSrc || el.src;
    if (/\.svg(\?|#|$)/i.test(src) || src.startsWith('data:image/svg')) {
      const text = await (await fetch(src)).text();
      return 'data:image/svg+xml;base64,' + btoa(unescape(encodeURIComponent(text)));
    }
    const c = document.createElement('canvas');
    c.width = el.naturalWidth; c.height = el.naturalHeight;
    c.getContext('2d').drawImage(el, 0, 0);
    return c.toDataURL('image/png');
  };

  const walk = async (el, parentOpacity) => {
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden' && !el.children.length) return;
    if (parseFloat(cs.opacity) === 0) return;
    const tag = el.localName;
    if (['script', 'style', 'template', 'noscript', 'link', 'meta'].includes(tag)) return;
    const box = el.getBoundingClientRect();
    if (tag === 'svg') { await placeSvg(el, box); return; }
    if (box.width === 0 && box.height === 0 && cs.overflow !== 'visible') return;
    if (cs.transform !== 'none' && !/^matrix\(1, 0, 0, 1,/.test(cs.transform)) {
      problems.push('an HTML element turned or scaled with a CSS transform');
    }
    if (cs.visibility !== 'hidden') paintBox(el, cs, box);
    if (tag === 'canvas' || tag === 'img' || tag === 'video') {
      if (tag === 'video') { problems.push('a video'); return; }
      try {
        const href = await imageData(el);
        const image = document.createElementNS(SVGNS, 'image');
        image.setAttribute('x', (box.left - origin.left).toFixed(2));
        image.setAttribute('y', (box.top - origin.top).toFixed(2));
        image.setAttribute('width', box.width.toFixed(2));
        image.setAttribute('height', box.height.toFixed(2));
        image.setAttribute('preserveAspectRatio', 'none');
        image.setAttribute('href', href);
        out.appendChild(image);
        if (!href.startsWith('data:image/svg')) raster += box.width * box.height;
      } catch (e) { problems.push(`a ${tag} that could not be copied`); }
      return;
    }
    if (['input', 'select', 'textarea', 'button', 'iframe', 'object', 'embed'].includes(tag)) {
      problems.push(`a visible <${tag}>`);
      return;
    }
    for (const pseudo of ['::before', '::after']) {
      const p = getComputedStyle(el, pseudo);
      if (p.content && p.content !== 'none' && p.content !== 'normal' && p.display !== 'none' &&
          (p.content !== '""' || alpha(colour(p.backgroundColor)) > 0)) {
        problems.push('text or a box drawn by CSS (::before/::after)');
      }
    }
    for (const child of Array.from(el.childNodes)) {
      if (child.nodeType === Node.TEXT_NODE) {
        if (cs.visibility !== 'hidden') paintText(child, cs);
      } else if (child.nodeType === Node.ELEMENT_NODE) {
        await walk(child);
      }
    }
  };

  await walk(frame);
  // Nothing outside the figure's box: what the web page lets spill over its
  // edge would print in the margin (and the print engine does not clip an
  // image's own SVG), so everything is drawn through a clip of the box.
  const clip = document.createElementNS(SVGNS, 'clipPath');
  clip.setAttribute('id', 'bookpress-frame');
  const box = document.createElementNS(SVGNS, 'rect');
  box.setAttribute('width', String(width)); box.setAttribute('height', String(height));
  clip.appendChild(box);
  const clipped = document.createElementNS(SVGNS, 'g');
  clipped.setAttribute('clip-path', 'url(#bookpress-frame)');
  while (out.firstChild) clipped.appendChild(out.firstChild);
  const defs = document.createElementNS(SVGNS, 'defs');
  defs.appendChild(clip);
  out.appendChild(defs);
  out.appendChild(clipped);
  // Words cut by that clip would still be in the PDF's text (and run into the
  // margin for anyone who extracts it): drop the ones that cross the box.
  const holder = document.createElement('div');
  holder.style.cssText = 'position:absolute;left:0;top:0;visibility:hidden;';
  holder.appendChild(out);
  document.body.appendChild(holder);
  const bounds = out.getBoundingClientRect();
  for (const text of Array.from(out.querySelectorAll('text'))) {
    const r = text.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.left < bounds.left - 1 || r.right > bounds.right + 1 || r.top < bounds.top - 1 || r.bottom > bounds.bottom + 1) {
      text.remove();
    }
  }
  holder.remove();
  const svgs = frame.querySelectorAll('svg').length;
  return {
    svg: new XMLSerializer().serializeToString(out),
    raster: raster / Math.max(1, width * height),
    svgs,
    problems: Array.from(new Set(problems)),
    width, height,
  };
}
