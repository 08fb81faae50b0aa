# cdf.gp - latency CDF of one class, one curve per run (overlay).
# Placeholders (filled by src/report.c):
#   {{XTICS}}      x tics list (us)
#   {{TITLE}}      plot title                {{DATA}}  x(us) F, one block per run
#   {{NSERIES}}    number of runs drawn      {{TITLES}} {{COLORS}} arrays' items
#   {{XMIN}} {{XMAX}}  x range (us)          {{YTOP}}  top of the y range (< 1)
#   {{YTICS}}      y tics list               {{MARKS}} x(us) level: summary.json
#                                                      p50 p90 p99 p99.9, per run
#   {{NBOUNDS}} {{BX}} {{BY}} {{BT}}  verify.latency bounds: x(us), level, label
#   {{BMARGIN}}    bottom margin (character lines) for the x label and the key
# The y axis is stretched towards 1 (y -> -log10(1-y)) so that the tail
# (p99, p99.9, ...) gets as much room as the body.
set title "{{TITLE}}"
set xlabel "latency (µs, log scale)"
set ylabel "fraction of frames with latency ≤ x"
set logscale x
set xrange [{{XMIN}}:{{XMAX}}]
set yrange [0:{{YTOP}}]
set nonlinear y via -log10(1-y) inverse 1-10**(-y)
set ytics ({{YTICS}})
set xtics ({{XTICS}})
set mxtics default
set key below horizontal nobox noopaque
set bmargin {{BMARGIN}}
array T[{{NSERIES}}] = [{{TITLES}}]
array C[{{NSERIES}}] = [{{COLORS}}]
nb = {{NBOUNDS}}
array BX[nb > 0 ? nb : 1] = [{{BX}}]
array BY[nb > 0 ? nb : 1] = [{{BY}}]
array BT[nb > 0 ? nb : 1] = [{{BT}}]
do for [i=1:nb] {
	set arrow from BX[i], graph 0 to BX[i], first BY[i] nohead dt 2 lw 2 lc rgb "#c00000" front
	set label BT[i] at BX[i], graph 0.03 left rotate by 90 offset -1.5, 0 tc rgb "#c00000" front
	set object circle at BX[i], first BY[i] size char 0.35 fs solid 1.0 fc rgb "#c00000" front
}
plot for [i=1:{{NSERIES}}] '{{DATA}}' index i-1 using 1:2 with steps lw 2 lc rgb C[i] title T[i], \
     for [i=1:{{NSERIES}}] '{{MARKS}}' index i-1 using 1:2 with points pt 7 ps 0.9 lc rgb C[i] notitle
