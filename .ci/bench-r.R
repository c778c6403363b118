# BTm on a judgments CSV (respondent,a,b,value,skip), as vfv rank reads it:
# skipped rows dropped; a judgment of value v on -steps..steps gives a the
# fraction (1 - v/steps)/2 of a win and b the rest (vfv's LinearWins);
# wins summed per pair; BTm with the first item (sorted) as reference.
# Usage: Rscript .ci/bench-r.R FILE STEPS REF. Prints item,ability,se.
args <- commandArgs(TRUE)
steps <- as.numeric(args[2])
suppressPackageStartupMessages(library(BradleyTerry2))
d <- read.csv(args[1], colClasses = c("character", "character", "character", "numeric", "numeric"))
d <- d[is.na(d$skip) | d$skip != 1, ]
wa <- (1 - d$value / steps) / 2
lo <- pmin(d$a, d$b)
hi <- pmax(d$a, d$b)
wlo <- ifelse(d$a == lo, wa, 1 - wa)
agg <- aggregate(cbind(w1 = wlo, w2 = 1 - wlo) ~ lo + hi, data = data.frame(lo, hi, wlo), FUN = sum)
items <- sort(unique(c(agg$lo, agg$hi)))
items <- c(args[3], setdiff(items, args[3]))
agg$p1 <- factor(agg$lo, levels = items)
agg$p2 <- factor(agg$hi, levels = items)
fit <- suppressWarnings(BTm(cbind(w1, w2), p1, p2, data = agg, control = glm.control(epsilon = 1e-12, maxit = 100)))
ab <- BTabilities(fit)
write.csv(data.frame(item = rownames(ab), ability = ab[, "ability"], se = ab[, "s.e."]), stdout(), row.names = FALSE, quote = FALSE)
