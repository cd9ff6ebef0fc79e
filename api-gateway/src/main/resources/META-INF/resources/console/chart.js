// Training curves: uPlot (webjar, same origin) with a train and a validation series.
let uPlotModule = null;

async function uPlot() {
  if (!uPlotModule) uPlotModule = (await import(document.body.dataset.uplot)).default;
  return uPlotModule;
}

function width(container) {
  return Math.max(280, Math.min(640, container.clientWidth || 560));
}

/** A line chart of train and validation values per epoch; returns {set(epochs, train, val)}. */
export async function curve(container, title, yLabel) {
  const Plot = await uPlot();
  const data = [[], [], []];
  const plot = new Plot({
    title,
    width: width(container),
    height: 220,
    scales: { x: { time: false } },
    axes: [{ label: 'epoch' }, { label: yLabel }],
    series: [
      { label: 'epoch' },
      { label: 'train', stroke: '#1f6feb', width: 2, points: { show: true } },
      { label: 'validation', stroke: '#d1242f', width: 2, dash: [6, 3], points: { show: true } },
    ],
  }, data, container);
  return {
    set(epochs, train, val) {
      plot.setData([epochs, train, val]);
    },
    points: () => plot.data[0].length,
  };
}
