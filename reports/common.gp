# common.gp - the style every figure of `nicshare report` shares. Loaded
# after `reset` before each figure's own template; it has no placeholders.
# Colours: runs take the report's palette in order (report.c passes them);
# the dispatcher's holders keep fixed colours in gantt.gp.
set encoding utf8
set termoption noenhanced
set border 3 lw 1 lc rgb "#444444"
set tics nomirror out scale 0.6
set grid xtics ytics lt 1 lw 0.8 lc rgb "#dadada" dt solid
set key opaque box lc rgb "#bbbbbb" samplen 2.5 spacing 1.1
set style fill solid 1.0 noborder
set datafile separator whitespace
set format x "%g"
set format y "%g"
