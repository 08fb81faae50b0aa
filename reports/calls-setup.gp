# calls-setup.gp - CDF of the calls' set-up time (INVITE to 200 through GP,
# calls.tsv's ok200 - invite), one curve per run (overlay).
# Placeholders (filled by src/report.c):
#   {{TITLE}}  {{DATA}}: x(ms) F, one block per run
#   {{NSERIES}} {{TITLES}} {{COLORS}};  {{XMAX}} (ms)
#   {{BMARGIN}} bottom margin for the key
set title "{{TITLE}}"
set xlabel "set-up time, INVITE to 200 (ms)"
set ylabel "fraction of calls with set-up ≤ x"
set xrange [0:{{XMAX}}]
set yrange [0:1.02]
set key below horizontal nobox noopaque
set bmargin {{BMARGIN}}
array T[{{NSERIES}}] = [{{TITLES}}]
array C[{{NSERIES}}] = [{{COLORS}}]
plot for [i=1:{{NSERIES}}] '{{DATA}}' index i-1 using 1:2 with steps lw 2 lc rgb C[i] title T[i]
