/**
 * Apache ECharts, with only what the satisfaction page draws: bar charts on a simple grid, a plain legend and
 * the ARIA decals, rendered as SVG (~160 KB gzipped instead of the full build's ~360 KB). Imported piecemeal
 * (echarts/core + use()), and only by the lazily loaded satisfaction page, so the console's main bundle does
 * not carry it. No tooltip component (it alone is ~17 KB, and renders HTML): the values are drawn as labels
 * on the bars, and the tables beside the charts hold every figure.
 */
import { type BarSeriesOption, BarChart as Bars } from 'echarts/charts';
import {
  AriaComponent,
  type AriaComponentOption,
  type GridComponentOption,
  GridSimpleComponent,
  type LegendComponentOption,
  LegendPlainComponent,
} from 'echarts/components';
import { type ComposeOption, init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

use([Bars, GridSimpleComponent, LegendPlainComponent, AriaComponent, SVGRenderer]);

export type BarOption = ComposeOption<
  BarSeriesOption | GridComponentOption | LegendComponentOption | AriaComponentOption
>;

/** A chart in a box of the given height; `label` names it for assistive technology (the table beside it has the figures). */
export function BarChart({ option, label, height }: { option: BarOption; label: string; height: number }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = init(el, undefined, { renderer: 'svg' });
    chart.setOption({
      // Patterns on top of colours tell the series apart without colour vision; the label stays ours (role=img).
      aria: { enabled: true, label: { enabled: false }, decal: { show: true } },
      textStyle: {
        fontFamily:
          'system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif',
      },
      ...option,
    });
    const resize = new ResizeObserver(() => chart.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.dispose();
    };
  }, [option]);
  return <div ref={ref} className="chart" role="img" aria-label={label} style={{ height }} />;
}
