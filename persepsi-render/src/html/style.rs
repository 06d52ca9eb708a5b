//! The page's style sheet: system fonts, print on A4, nothing loaded from anywhere.

/// The inline style sheet (a constant of this crate: no text from a report is in it).
pub(super) const CSS: &str = r"
@page { size: A4; margin: 15mm }
:root { color-scheme: light }
* { box-sizing: border-box }
body { font-family: system-ui, sans-serif; font-size: 10.5pt; line-height: 1.35; color: #111;
  background: #fff; margin: 0 auto; padding: 12px 18px; max-width: 1200px }
h1 { font-size: 18pt; margin: 0 0 4px }
h2 { font-size: 14pt; margin: 18px 0 6px; border-bottom: 2px solid #333; padding-bottom: 2px }
h3 { font-size: 12pt; margin: 12px 0 4px }
h4 { font-size: 10.5pt; margin: 10px 0 4px }
h1, h2, h3, h4, p, dd, dt, li, figcaption { overflow-wrap: anywhere }
h2, h3, h4 { break-after: avoid-page }
table { border-collapse: collapse; margin: 4px 0 10px; font-size: 9pt; max-width: 100% }
th, td { border: 1px solid #999; padding: 2px 5px; vertical-align: top; text-align: left;
  overflow-wrap: anywhere }
th { background: #eee; font-weight: 600; overflow-wrap: break-word }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums }
td.n, td.code, td.mutu { white-space: nowrap }
td.name { min-width: 14em }
table.layanan td:nth-child(2), table.unsur td:nth-child(2) { min-width: 16em }
thead { display: table-header-group }
tr { break-inside: avoid }
tr.lowest td { background: #fde9c8; font-weight: 600 }
tr.lowest td:first-child { border-left: 4px solid #333 }
.none { color: #666 }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 1px 12px; margin: 6px 0 }
dl.meta dt { font-weight: 600 }
dl.meta dd { margin: 0 }
.counts { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0 }
.counts div { border: 1px solid #999; padding: 4px 10px; min-width: 9em }
.counts b { display: block; font-size: 14pt }
section.unit { margin-top: 10px }
section.unit.small, .block { break-inside: avoid-page }
figure { margin: 6px 0 10px; break-inside: avoid-page }
figcaption { font-size: 9pt; color: #333 }
svg.chart { width: 100%; max-width: 980px; height: auto; display: block; font-family: system-ui, sans-serif }
p.trend { margin: 2px 0 }
p.note { font-size: 9pt; color: #333 }
footer { margin-top: 24px; font-size: 9.5pt }
@media print {
  body { padding: 0; max-width: none; font-size: 9.5pt }
  /* the summary's 15 columns within 180 mm of A4 */
  table { font-size: 6.5pt; width: 100% }
  th, td { padding: 1px 2px }
  td.mutu { white-space: normal; min-width: 4.5em }
  td.name { min-width: 10em }
  table.layanan td:nth-child(2), table.unsur td:nth-child(2) { min-width: 0 }
  h2 { break-before: auto }
  section.unit { break-before: page }
  a { color: inherit; text-decoration: none }
}
";
