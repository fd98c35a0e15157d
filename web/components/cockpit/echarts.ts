// The slice of ECharts the cockpit uses (tree-shaken: line, bar and funnel charts on the SVG renderer), shared by
// the server, which renders each chart to an SVG string for the first HTML, and the browser, which takes the
// chart over for tooltips and resizing. ECharts ships Chinese (ZH) and English (EN) locales in its core.
import { BarChart, FunnelChart, LineChart } from "echarts/charts";
import {
  DatasetComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
} from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

echarts.use([
  LineChart,
  BarChart,
  FunnelChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  DatasetComponent,
  MarkLineComponent,
  SVGRenderer,
]);

export { echarts };
