// The decoded grid while the server is away: a note over the grid says so, instead of an empty
// black square (no mosaic yet) or a mosaic that silently no longer matches the focus. The grid
// panel itself only ever shows what the server drew.
export function createGridAwayNote(note) {
  return function render(state, previous) {
    if (state.serverAway === previous.serverAway && state.grid === previous.grid && state.gridImage === previous.gridImage) return;
    const away = state.serverAway && Boolean(state.grid);
    note.hidden = !away;
    if (!away) return;
    note.classList.toggle("over-mosaic", Boolean(state.gridImage));
    note.textContent = state.gridImage
      ? "The server is not answering: this grid is from before, and is redrawn when it is back."
      : "The server is not answering: the grid is drawn when it is back.";
  };
}
