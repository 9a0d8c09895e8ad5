/** Host metrics under AMS names (filled by the host monitor issue). */
package io.almanac.hostmonitor;
