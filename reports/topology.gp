# topology.gp - a world's topology (nicshare report on a world's run
# directory; src/wreport.c). The hosts and links are objects and labels
# that data/render.gp sets before loading this template; the edges are in
# data/edges.dat: x y dx dy, one per hop of each route.
set terminal svg size 820,640 dynamic font "sans,11"
set termoption noenhanced   # names as written: far_end is not far + subscript end
set output "topology.svg"
unset border
unset tics
unset key
set grid noxtics noytics
set size ratio -1
set xrange [-1.9:1.9]
set yrange [-1.75:1.75]
# a world without routes has no edges: plot nothing rather than an empty
# file (gnuplot's "no valid points" warning); the objects are drawn alike
if (edges > 0) {
  plot "data/edges.dat" using 1:2:3:4 with vectors nohead lw 2 lc rgb "#888888"
} else {
  plot 1/0 notitle
}
