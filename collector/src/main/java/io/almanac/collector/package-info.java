/** The timeline collector. */
package io.almanac.collector;
