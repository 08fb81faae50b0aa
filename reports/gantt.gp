# gantt.gp - who held the CPU (RT, GP, world switch, idle) over a window,
# with the interrupts taken (RX, TX completion or both), the frames' arrivals at the NIC and the
# worst RT latency of the run drawn as a span.
# Placeholders (filled by src/report.c):
#   {{TITLE}}  {{XLABEL}}  {{XMAX}} window length (us)
#   {{DATA}}   x0 x1 row colour: one line per interval (rows 0 idle,
#              1 switch, 2 GP, 3 RT); times in us from the window start
#   {{NMARKS}} {{MARKS}}  x row colour: interrupts (row 4), arrivals (row 5)
#   {{WORST}}  1: draw the span {{WX0}}..{{WX1}} in row 6 labelled {{WLABEL}}
set title "{{TITLE}}"
set xlabel "{{XLABEL}}"
set xrange [0:{{XMAX}}]
set yrange [-0.6:6.6]
set ytics ("idle" 0, "switch" 1, "GP" 2, "RT" 3, "interrupt" 4, "frame in (NIC)" 5, "{{WROW}}" 6)
set grid noytics
set mxtics 5
unset key
if ({{WORST}}) {
	set arrow from {{WX0}}, 6 to {{WX1}}, 6 heads size screen 0.008, 90 lw 2.5 lc rgb "#c00000" front
	set label "{{WLABEL}}" at {{WX1}}, 6 left offset 0.8, 0 tc rgb "#c00000" front
	set arrow from {{WX0}}, graph 0 to {{WX0}}, graph 1 nohead dt 3 lc rgb "#c00000" back
	set arrow from {{WX1}}, graph 0 to {{WX1}}, graph 1 nohead dt 3 lc rgb "#c00000" back
}
MARKS = {{NMARKS}} > 0 ? ", '{{MARKS}}' using 1:($2-0.3):(0):(0.6):3 with vectors nohead lw 1.2 lc rgb variable" : ""
plot '{{DATA}}' using (($1+$2)/2):3:1:2:($3-0.35):($3+0.35):4 with boxxyerror fs solid 1.0 noborder \
     lc rgb variable @MARKS
