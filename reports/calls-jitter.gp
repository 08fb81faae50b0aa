# calls-jitter.gp - each call's largest RFC 3550 interarrival jitter, in
# (at the RT socket, filled circles) and out (on the wire, open triangles),
# one colour per run (overlay).
# Placeholders (filled by src/report.c):
#   {{TITLE}}  {{DATA}}: call in_ms out_ms ("?" where none), one block per run
#   {{NSERIES}} {{TITLES}} {{COLORS}};  {{XMAX}} the last call;  {{YMAX}} (ms)
#   {{BMARGIN}} bottom margin for the key
#   {{PLOTS}} the plot list: run i's in and out series, those with points
set title "{{TITLE}}"
set xlabel "call (calls.tsv's call number)"
set ylabel "largest jitter during the call (ms)"
set datafile missing "?"
set xrange [0.5:{{XMAX}}]
set yrange [0:{{YMAX}}]
set key below horizontal nobox noopaque
set bmargin {{BMARGIN}}
array T[{{NSERIES}}] = [{{TITLES}}]
array C[{{NSERIES}}] = [{{COLORS}}]
plot {{PLOTS}}
