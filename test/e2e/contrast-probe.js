/**
 * Injected into the page by the dashboard e2e test: lists visible text whose colour against its effective
 * background is below WCAG 2 AA (4.5:1). The background is the first opaque one up the tree with translucent
 * layers blended over it; element opacity is applied to the text colour. Disabled controls, SVG (charts draw
 * their own labels) and visually hidden text are exempt.
 */
globalThis.urbmonLowContrast = () => {
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/)
    if (!m) return [0, 0, 0, 0]
    const p = m[1]
      .split(/[,\s/]+/)
      .filter(Boolean)
      .map(Number)
    return [p[0], p[1], p[2], p[3] ?? 1]
  }
  const channel = (v) => {
    const s = v / 255
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  }
  const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
  const over = (top, bottom) => [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3]))
  const background = (el) => {
    const layers = []
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor)
      if (c[3] > 0) layers.push(c)
      if (c[3] >= 1) break
    }
    let bg = [255, 255, 255]
    for (const l of layers.reverse()) bg = over(l, bg)
    return bg
  }
  const out = []
  const seen = new Set()
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement
    if (!el || seen.has(el) || !n.textContent.trim() || el.closest('svg, [disabled], .sr-only, option, dialog:not([open])')) continue
    seen.add(el)
    const r = el.getBoundingClientRect()
    const style = getComputedStyle(el)
    if (r.width === 0 || r.height === 0 || style.visibility === 'hidden') continue
    let opacity = 1
    for (let e = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity)
    const bg = background(el)
    const c = parse(style.color)
    const fg = over([c[0], c[1], c[2], c[3] * opacity], bg)
    const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a)
    const ratio = (hi + 0.05) / (lo + 0.05)
    if (ratio < 4.5) out.push(`${ratio.toFixed(2)} ${style.color} on rgb(${bg.map(Math.round).join(',')}): ${n.textContent.trim().slice(0, 40)}`)
  }
  return out
}
