/**
 * Internal; not for use outside mlops; may change in any release. Types that must be public across
 * the packages of {@code mlops-core}.
 */
@NullMarked
package dev.mlops.core.internal;

import org.jspecify.annotations.NullMarked;
