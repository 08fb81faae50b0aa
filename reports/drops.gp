# drops.gp - frames dropped per time bin, one line per reason.
# Placeholders (filled by src/report.c):
#   {{TITLE}}  {{XLABEL}}  {{XMAX}}  {{YMAX}}  {{YLABEL}}
#   {{DATA}}: t n1 n2 ... (drops per bin, one column per reason)
#   {{NSERIES}} {{TITLES}} {{COLORS}} reasons and their colours
#   {{BMARGIN}} bottom margin (character lines) for the x label and the key
set title "{{TITLE}}"
set xlabel "{{XLABEL}}"
set ylabel "{{YLABEL}}"
set xrange [0:{{XMAX}}]
set yrange [0:{{YMAX}}]
set key below horizontal nobox noopaque
set bmargin {{BMARGIN}}
array T[{{NSERIES}}] = [{{TITLES}}]
array C[{{NSERIES}}] = [{{COLORS}}]
plot for [i=1:{{NSERIES}}] '{{DATA}}' using 1:(column(i+1)) with steps lw 1.5 lc rgb C[i] title T[i]
