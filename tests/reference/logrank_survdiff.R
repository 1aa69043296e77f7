# Reference values for trialstats.logrank: R survival's survdiff on its own "difftest"
# example (aml plus a dummy group whose patients are all censored before the first event,
# so that group has nobody at risk at every event time).
# Run: Rscript tests/reference/logrank_survdiff.R > tests/reference/logrank_survdiff.txt
library(survival)
cat("R ", R.version$major, ".", R.version$minor, "; survival ", as.character(packageVersion("survival")), "\n", sep = "")
aml3 <- data.frame(
  time = c(9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161,
           5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45,
           1, 2, 2, 3, 3, 3, 4),
  status = c(1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0,
             1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1,
             0, 0, 0, 0, 0, 0, 0),
  x = factor(c(rep("Maintained", 11), rep("Nonmaintained", 12), rep("Dummy", 7))))
show <- function(label, fit) {
  df <- sum(fit$exp > 0) - 1
  cat(sprintf("%s: chisq %.10g df %d p %.10g\n", label, fit$chisq, df,
              pchisq(fit$chisq, df, lower.tail = FALSE)))
  cat(sprintf("  %s observed %.10g expected %.10g\n", names(fit$n), fit$obs, fit$exp), sep = "")
}
show("aml", survdiff(Surv(time, status) ~ x, aml))
show("aml3", survdiff(Surv(time, status) ~ x, aml3))
# a group censored in the middle: at risk at the early event times only
aml4 <- aml3
aml4$time[24:30] <- c(6, 6, 7, 10, 10, 11, 14)
show("aml4", survdiff(Surv(time, status) ~ x, aml4))
