export { linePlotSvg, type LinePlotOptions, type LineSeries } from './line-plot.js';
export { scatterPlotSvg, type ScatterPlotOptions, type ScatterPoints } from './scatter-plot.js';
export { barPlotSvg, type BarPlotOptions, type BarSeries } from './bar-plot.js';
export {
  histogramSvg,
  histogramCounts,
  histogramBars,
  type HistogramBar,
  type HistogramOptions,
  type HistogramSeries,
  type HistogramCurve,
} from './histogram.js';
export { imageGridPng, NAN_COLOR, type ImageGridOptions } from './image-grid.js';
export { writeFigure } from './figure-file.js';
export { renderVegaLiteSvg } from './render-svg.js';
