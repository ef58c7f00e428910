/**
 * @file undocumented.h
 * @brief Fixture of the docs_reference_rejects test: a header the reference
 * check must refuse, once for each kind of gap.
 */

/**
 * @brief Documented, except for one parameter.
 * @param[in] a The first term.
 * @return a + b.
 */
int docs_fixture_missing_param(int a, int b);

int docs_fixture_undocumented(void);
