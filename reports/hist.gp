# hist.gp - latency histogram of one class, one outline per run (overlay).
# Placeholders (filled by src/report.c):
#   {{TITLE}}  {{DATA}}: lo(us) hi(us) frames, one block per run, bins of
#   {{BINS}} per decade;  {{NSERIES}} {{TITLES}} {{COLORS}};  {{XMIN}} {{XMAX}}
#   {{BMARGIN}} bottom margin for the key;  {{XTICS}} x tics list (us);  {{YMAX}} top of the count axis.
set title "{{TITLE}}"
set xlabel "latency (µs, log scale; {{BINS}} bins per decade)"
set ylabel "frames per bin (log scale)"
set logscale xy
set xrange [{{XMIN}}:{{XMAX}}]
set yrange [0.7:{{YMAX}}]
set xtics ({{XTICS}})
set format y "%.0s%c"
set key below horizontal nobox noopaque
set bmargin {{BMARGIN}}
array T[{{NSERIES}}] = [{{TITLES}}]
array C[{{NSERIES}}] = [{{COLORS}}]
plot for [i=1:{{NSERIES}}] '{{DATA}}' index i-1 \
     using (sqrt($1*$2)):3:1:2:(0.7):3 with boxxyerror fs transparent solid 0.35 border \
     lw 1.2 lc rgb C[i] title T[i]
