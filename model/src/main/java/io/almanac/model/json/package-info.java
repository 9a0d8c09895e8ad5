/** The AMS JSON codec. */
package io.almanac.model.json;
