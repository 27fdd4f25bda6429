// The box or lasso being drawn, as an SVG outline over the cloud, and the canvas's crosshair while selection mode is on.
export function createSelectionOutline({ svg, canvas }) {
  const shape = document.createElementNS("http://www.w3.org/2000/svg", "polygon");
  svg.append(shape);
  return function render(state, previous) {
    if (state.selecting !== previous.selecting) canvas.classList.toggle("selecting", state.selecting);
    if (state.selectionDraft === previous.selectionDraft) return;
    const draft = state.selectionDraft;
    svg.hidden = !draft;
    if (!draft) return;
    const corners = draft.kind === "box" && draft.points.length === 2
      ? [draft.points[0], [draft.points[1][0], draft.points[0][1]], draft.points[1], [draft.points[0][0], draft.points[1][1]]]
      : draft.points;
    shape.setAttribute("points", corners.map(([x, y]) => `${x},${y}`).join(" "));
    shape.setAttribute("class", draft.operation);
  };
}
