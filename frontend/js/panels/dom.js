// A small element builder for the panels: el("li", {className: "x", dataset: {...}}, child...).
export function el(tag, properties = {}, ...children) {
  const element = document.createElement(tag);
  const { dataset = {}, style = {}, ...rest } = properties;
  Object.assign(element, rest);
  Object.assign(element.dataset, dataset);
  Object.assign(element.style, style);
  element.append(...children);
  return element;
}

export function formatPoint(point, digits = 2) {
  return `(${point.map((value) => value.toFixed(digits)).join(", ")})`;
}

/** The number typed in `input`, rounded by `round` and clamped into [low, high]; null when it is no number. */
export function clampedNumber(input, [low, high], round = (value) => value) {
  const value = round(Number(input.value));
  return input.value.trim() !== "" && Number.isFinite(value) ? Math.min(high, Math.max(low, value)) : null;
}
