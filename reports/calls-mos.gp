# calls-mos.gp - histogram of the calls' MOS (each call's worse direction,
# calls.tsv), one outline per run (overlay).
# Placeholders (filled by src/report.c):
#   {{TITLE}}  {{DATA}}: lo hi calls, one block per run, bins {{BIN}} wide
#   {{NSERIES}} {{TITLES}} {{COLORS}};  {{YMAX}} top of the count axis
#   {{BMARGIN}} bottom margin for the key
set title "{{TITLE}}"
set xlabel "MOS (ITU-T G.107; bins {{BIN}} wide)"
set ylabel "calls per bin"
set xrange [1:4.5]
set xtics 1, 0.5, 4.5
set yrange [0:{{YMAX}}]
set key below horizontal nobox noopaque
set bmargin {{BMARGIN}}
array T[{{NSERIES}}] = [{{TITLES}}]
array C[{{NSERIES}}] = [{{COLORS}}]
plot for [i=1:{{NSERIES}}] '{{DATA}}' index i-1 \
     using (($1+$2)/2):3:1:2:(0):3 with boxxyerror fs transparent solid 0.35 border \
     lw 1.2 lc rgb C[i] title T[i]
