# latency-time.gp - per-frame latency of one class against the time the
# frame (or send request) started, one colour per run (overlay).
# Placeholders (filled by src/report.c):
#   {{TITLE}}  {{XLABEL}}  {{XMAX}}  {{YMIN}} {{YMAX}} (us)  {{YLOG}} 1: log y
#   {{MODE}}   0: {{DATA}} holds every frame: t latency(us)
#              1: {{DATA}} holds time bins: t min max p99 frames (empty bins
#                 are blank lines, so the band breaks where nothing happened)
#   {{NSERIES}} {{TITLES}} {{COLORS}};  {{BMARGIN}} bottom margin for the key
#   {{YTICS}}  y tics list when the y axis is logarithmic
set title "{{TITLE}}"
set xlabel "{{XLABEL}}"
set ylabel "latency (µs{{YLOGTEXT}})"
set xrange [0:{{XMAX}}]
set yrange [{{YMIN}}:{{YMAX}}]
if ({{YLOG}}) { set logscale y; set ytics ({{YTICS}}); set mytics default }
set key below horizontal nobox noopaque
set bmargin {{BMARGIN}}
array T[{{NSERIES}}] = [{{TITLES}}]
array C[{{NSERIES}}] = [{{COLORS}}]
if ({{MODE}} == 0) {
	plot for [i=1:{{NSERIES}}] '{{DATA}}' index i-1 using 1:2 with points pt 7 ps 0.5 \
	     lc rgb C[i] title T[i]
} else {
	plot for [i=1:{{NSERIES}}] '{{DATA}}' index i-1 using 1:2:3 with filledcurves \
	         fs transparent solid 0.25 lc rgb C[i] title T[i]." min-max per bin", \
	     for [i=1:{{NSERIES}}] '{{DATA}}' index i-1 using 1:4 with lines lw 1.5 \
	         lc rgb C[i] title T[i]." p99 per bin"
}
