# Reference values for trialstats' one-sided intervals/p-values, Blaker's interval and the
# Fisher mid-P p-value, from base R only (stats package). Run: Rscript one_sided_and_exact.R
# Output: one_sided_and_exact.csv (written beside this script) and the R version in its header.
out <- data.frame(case = character(), value = numeric(), stringsAsFactors = FALSE)
add <- function(case, value) out[nrow(out) + 1, ] <<- list(case, value)

# single proportion, one-sided: Clopper-Pearson (binom.test) and Wilson (prop.test)
for (xn in list(c(15, 148), c(0, 20), c(81, 263), c(10, 15))) {
  x <- xn[1]; n <- xn[2]
  for (alt in c("greater", "less")) {
    ci <- binom.test(x, n, alternative = alt, conf.level = 0.95)$conf.int
    add(sprintf("binom.test %d/%d %s low", x, n, alt), ci[1])
    add(sprintf("binom.test %d/%d %s high", x, n, alt), ci[2])
    for (cc in c(FALSE, TRUE)) {
      ci <- suppressWarnings(prop.test(x, n, alternative = alt, correct = cc, conf.level = 0.95)$conf.int)
      add(sprintf("prop.test %d/%d %s correct=%s low", x, n, alt, cc), ci[1])
      add(sprintf("prop.test %d/%d %s correct=%s high", x, n, alt, cc), ci[2])
    }
  }
}

# two proportions, one-sided: Fisher (p and conditional-MLE interval), prop.test p
for (t in list(c(10, 15, 3, 15), c(7, 34, 1, 34), c(6, 18, 12, 17))) {
  m <- matrix(c(t[1], t[2] - t[1], t[3], t[4] - t[3]), 2)
  for (alt in c("greater", "less")) {
    f <- fisher.test(m, alternative = alt)
    tag <- sprintf("%d/%d vs %d/%d %s", t[1], t[2], t[3], t[4], alt)
    add(paste("fisher.test p", tag), f$p.value)
    add(paste("fisher.test low", tag), f$conf.int[1])
    add(paste("fisher.test high", tag), f$conf.int[2])
    for (cc in c(FALSE, TRUE)) {
      p <- suppressWarnings(prop.test(t[c(1, 3)], t[c(2, 4)], alternative = alt, correct = cc)$p.value)
      add(sprintf("prop.test p correct=%s %s", cc, tag), p)
    }
  }
}

# t.test one-sided from summary statistics: samples built to have exactly the given mean/SD
summary_sample <- function(mean, sd, n) { z <- as.numeric(scale(seq_len(n))); mean + sd * z }
a <- summary_sample(34.44, 19.12, 10); b <- summary_sample(16.50, 11.39, 10)
for (alt in c("greater", "less")) {
  for (eq in c(FALSE, TRUE)) {
    r <- t.test(a, b, alternative = alt, var.equal = eq)
    add(sprintf("t.test %s var.equal=%s p", alt, eq), r$p.value)
    add(sprintf("t.test %s var.equal=%s low", alt, eq), r$conf.int[1])
    add(sprintf("t.test %s var.equal=%s high", alt, eq), r$conf.int[2])
  }
}

# Blaker (2000) interval by brute force: acceptability on a grid of p (step 1e-6), refined
# by uniroot at each edge of the acceptance set
accept <- function(p, x, n) {
  y <- 0:n; pm <- dbinom(y, n, p)
  g <- pmin(pbinom(y, n, p), pbinom(y - 1, n, p, lower.tail = FALSE))
  sum(pm[g <= g[x + 1] * (1 + 1e-7)])
}
blaker <- function(x, n, alpha = 0.05) {
  grid <- seq(0, 1, by = 1e-5)
  ok <- sapply(grid, function(p) accept(p, x, n) > alpha)
  i <- which(ok)
  lo <- if (x == 0) 0 else uniroot(function(p) accept(p, x, n) - alpha - 1e-12,
                                   c(grid[min(i) - 1], grid[min(i)]), tol = 1e-12)$root
  hi <- if (x == n) 1 else uniroot(function(p) accept(p, x, n) - alpha - 1e-12,
                                   c(grid[max(i)], grid[max(i) + 1]), tol = 1e-12)$root
  c(lo, hi)
}
for (xn in list(c(1, 10), c(5, 10), c(0, 10), c(3, 7), c(15, 148), c(10, 15))) {
  ci <- blaker(xn[1], xn[2])
  add(sprintf("blaker %d/%d low", xn[1], xn[2]), ci[1])
  add(sprintf("blaker %d/%d high", xn[1], xn[2]), ci[2])
}

# Fisher mid-P (Fagerland, Lydersen & Laake 2017, section 4.4): half of every table as
# probable as the observed one removed from the two-sided minimum-likelihood p
midp <- function(x1, n1, x2, n2) {
  m <- x1 + x2; k <- max(0, m - n2):min(m, n1)
  d <- dhyper(k, n1, n2, m); obs <- dhyper(x1, n1, n2, m)
  sum(d[d <= obs * (1 + 1e-7)]) - 0.5 * sum(d[abs(d - obs) <= obs * 1e-7])
}
for (t in list(c(3, 4, 1, 4), c(0, 16, 15, 72), c(10, 15, 3, 15), c(6, 18, 12, 17))) {
  add(sprintf("fisher midp %d/%d vs %d/%d", t[1], t[2], t[3], t[4]), midp(t[1], t[2], t[3], t[4]))
}

here <- dirname(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE)))
con <- file(file.path(here, "one_sided_and_exact.csv"), "w")
writeLines(paste("#", R.version.string, "; base R stats only"), con)
write.csv(out, con, row.names = FALSE)
close(con)
